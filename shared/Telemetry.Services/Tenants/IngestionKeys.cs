using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Services.Tenants;

/// <summary>
/// Ingestion keys: 32 random bytes as base64url (43 characters), stored only as the lowercase hex SHA-256
/// of their text, and named by a key id ("k" + 12 hex) that is safe to show and log.
/// </summary>
internal static class IngestionKeys
{
    /// <summary>Longer input cannot be a key; refusing it early keeps hashing cheap.</summary>
    public const int MaxKeyLength = 256;

    public static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewKeyId() => "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The key id a known key hash stands for (keys that are derived rather than issued).</summary>
    public static string KeyIdOf(string keyHash) => "k" + keyHash[..12];

    /// <summary>The Policies RowKey of a key: lowercase hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
