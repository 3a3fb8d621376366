namespace Telemetry.Storage;

/// <summary>The parts of an Azure Storage connection string this library uses: account, key and the two endpoints.</summary>
internal sealed record StorageConnectionString(string AccountName, string AccountKey, Uri QueueEndpoint, Uri TableEndpoint)
{
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // The segment is not echoed: it could be a key.
                throw new ArgumentException("The storage connection string is malformed: every part reads Name=Value.", nameof(connectionString));
            }

            parts[segment[..separator].Trim()] = segment[(separator + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            return new StorageConnectionString(
                DevelopmentAccountName, DevelopmentAccountKey,
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"), new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"));
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new ArgumentException("SharedAccessSignature connection strings are not supported: use an account key, or the identity settings.", nameof(connectionString));
        }

        var account = Required(parts, "AccountName");
        var key = Required(parts, "AccountKey");
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            account, key,
            Endpoint(parts, "QueueEndpoint") ?? new Uri($"{protocol}://{account}.queue.{suffix}"),
            Endpoint(parts, "TableEndpoint") ?? new Uri($"{protocol}://{account}.table.{suffix}"));
    }

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"The storage connection string has no {name}.", "connectionString");

    private static Uri? Endpoint(Dictionary<string, string> parts, string name)
    {
        if (!parts.TryGetValue(name, out var value) || value.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"The storage connection string's {name} is not an absolute http(s) URL.", "connectionString");
    }
}
