namespace Telemetry.Functions.Configuration;

/// <summary>The service's own settings, bound from the "Telemetry" section (environment: Telemetry__*).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Telemetry__AdminKey: the key that admin routes require in x-admin-key.</summary>
    public string AdminKey { get; set; } = string.Empty;

    /// <summary>Telemetry__Pseudonymization__*: the keyed-hash keys.</summary>
    public PseudonymizationOptions Pseudonymization { get; set; } = new();

    /// <summary>Telemetry__PolicyCacheSeconds: how stale a cached key or policy may be (1 to 30).</summary>
    public int PolicyCacheSeconds { get; set; } = 30;

    /// <summary>
    /// Telemetry__TenantPurgeWindowSeconds: how long after a tenant's deletion its rows are purged (and its id stays
    /// reserved), at least the longest a queued record may take to land (host.json: 5 deliveries of up to 5 minutes,
    /// 30 s apart). 1 to 86400 (below 1800 only for tests).
    /// </summary>
    public int TenantPurgeWindowSeconds { get; set; } = 1800;

    /// <summary>Telemetry__RateLimit__*: the per-tenant ingestion rate limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Telemetry__Processing__*: how queue messages become table rows.</summary>
    public ProcessingOptions Processing { get; set; } = new();
}

/// <summary>Versioned HMAC keys; one Base64 key of at least 32 bytes per version.</summary>
public sealed class PseudonymizationOptions
{
    /// <summary>Telemetry__Pseudonymization__Keys__&lt;version&gt;: Base64 keys by version.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Telemetry__Pseudonymization__CurrentKey: the version that hashes new records.</summary>
    public string CurrentKey { get; set; } = string.Empty;
}

/// <summary>A token bucket per tenant: a sustained rate and a burst.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Telemetry__RateLimit__RequestsPerMinute: sustained ingestion requests per tenant and instance.</summary>
    public int RequestsPerMinute { get; set; } = 6000;

    /// <summary>Telemetry__RateLimit__Burst: requests a tenant may send at once before the rate applies.</summary>
    public int Burst { get; set; } = 1000;
}

/// <summary>Table writes of the queue-triggered side.</summary>
public sealed class ProcessingOptions
{
    /// <summary>Telemetry__Processing__MaxParallelPartitions: entity group transactions in flight per message.</summary>
    public int MaxParallelPartitions { get; set; } = 8;
}
