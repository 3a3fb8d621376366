using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Functions.Tenants;

/// <summary>
/// Ingestion keys: 32 random bytes as base64url (43 characters), stored only as the lowercase hex SHA-256
/// of their text, and named by a key id ("k" + 12 hex) that is safe to show and log.
/// </summary>
public static class IngestionKeys
{
    /// <summary>Longer input cannot be a key; refusing it early keeps hashing cheap.</summary>
    public const int MaxKeyLength = 256;

    public static string NewKey() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewKeyId() => "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The Policies RowKey of a key: lowercase hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
