using Azure;
using Azure.Core;

namespace Telemetry.Storage;

/// <summary>
/// The position a query resumes from: the service's NextPartitionKey and NextRowKey. As a token the two are
/// joined by a space (neither contains one); either may be absent.
/// </summary>
internal readonly record struct TableContinuation(string? NextPartitionKey, string? NextRowKey, bool IsEnd)
{
    public static TableContinuation Start => new(null, null, IsEnd: false);

    public string? Token => IsEnd ? null : $"{NextPartitionKey} {NextRowKey}";

    public static TableContinuation From(Response response)
    {
        var partition = Header(response, "x-ms-continuation-NextPartitionKey");
        var row = Header(response, "x-ms-continuation-NextRowKey");
        return new TableContinuation(partition, row, IsEnd: partition is null && row is null);
    }

    public static TableContinuation Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split(' ');
        if (parts.Length != 2)
        {
            throw new ArgumentException("Not a continuation token of this table client.", nameof(token));
        }

        return new TableContinuation(NullIfEmpty(parts[0]), NullIfEmpty(parts[1]), IsEnd: false);
    }

    public void AppendTo(RequestUriBuilder uri)
    {
        if (NextPartitionKey is not null)
        {
            uri.AppendQuery("NextPartitionKey", NextPartitionKey);
        }

        if (NextRowKey is not null)
        {
            uri.AppendQuery("NextRowKey", NextRowKey);
        }
    }

    private static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
