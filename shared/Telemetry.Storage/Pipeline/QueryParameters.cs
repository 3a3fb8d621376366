namespace Telemetry.Storage;

/// <summary>Splits an encoded query string ("?a=1&amp;b=2") into decoded name/value pairs for signing.</summary>
internal static class QueryParameters
{
    public static IEnumerable<(string Name, string Value)> Parse(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            yield break;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            var value = separator < 0 ? string.Empty : pair[(separator + 1)..];
            yield return (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }
}
