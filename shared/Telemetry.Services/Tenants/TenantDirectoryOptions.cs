namespace Telemetry.Services.Tenants;

/// <summary>How stale a cached key or policy may be.</summary>
public sealed class TenantDirectoryOptions
{
    /// <summary>The upper bound the contract promises for a change (by API or by hand) to take effect.</summary>
    public static readonly TimeSpan MaxCacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>At most <see cref="MaxCacheLifetime"/>.</summary>
    public TimeSpan CacheLifetime { get; set; } = MaxCacheLifetime;
}
