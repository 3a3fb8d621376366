using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Storage;

/// <summary>An account name and its key; signs strings with HMAC-SHA256 as Shared Key authorization requires.</summary>
internal sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // The key itself is never echoed.
            throw new ArgumentException("The storage account key is not valid Base64.", nameof(accountKey));
        }
    }

    public string AccountName { get; }

    public string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
