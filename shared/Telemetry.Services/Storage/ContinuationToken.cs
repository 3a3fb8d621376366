using System.Buffers.Text;
using System.Text;

namespace Telemetry.Services.Storage;

/// <summary>
/// The opaque token of a paged listing: the RowKey of the last entity shown, Base64url-encoded, so that the next
/// page starts after it.
/// </summary>
internal static class ContinuationToken
{
    public static string Encode(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    /// <summary>The RowKey <paramref name="token"/> stands for; null when it is not a token or names no RowKey the listing could show.</summary>
    public static string? Decode(string token, Func<string, bool> isRowKey)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return isRowKey(rowKey) ? rowKey : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
