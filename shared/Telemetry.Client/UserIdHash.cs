using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Client;

/// <summary>The client-side hash of a census user id: SHA-256 of the trimmed, lower-cased id, as 64 lowercase hex characters.</summary>
public static class UserIdHash
{
    public static string Compute(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var normalized = userId.Trim().ToLowerInvariant();
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalized), digest);
        return Convert.ToHexString(digest).ToLowerInvariant();
    }
}
