namespace Telemetry.Functions.Configuration;

/// <summary>The service's own settings, bound from the "Telemetry" section (environment: Telemetry__*).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Telemetry__AdminKey: the key that admin routes require in x-admin-key.</summary>
    public string AdminKey { get; set; } = string.Empty;

    /// <summary>Telemetry__Pseudonymization__*: the keyed-hash keys.</summary>
    public PseudonymizationOptions Pseudonymization { get; set; } = new();

    /// <summary>Telemetry__PolicyCacheSeconds: how stale a cached key or policy may be (at most 30).</summary>
    public int PolicyCacheSeconds { get; set; } = 30;
}

/// <summary>Versioned HMAC keys; one Base64 key of at least 32 bytes per version.</summary>
public sealed class PseudonymizationOptions
{
    /// <summary>Telemetry__Pseudonymization__Keys__&lt;version&gt;: Base64 keys by version.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Telemetry__Pseudonymization__CurrentKey: the version that hashes new records.</summary>
    public string CurrentKey { get; set; } = string.Empty;
}
