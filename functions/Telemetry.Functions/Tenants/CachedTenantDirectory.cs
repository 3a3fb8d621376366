using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Tenants;

/// <summary>
/// The ingestion path's tenant directory: key lookups by hash (point reads) and policy reads, each cached
/// for at most Telemetry:PolicyCacheSeconds, so that any change (by API, by hand, or a revocation) takes
/// effect within that bound on every instance. Changes made through this instance's admin API are
/// forgotten at once.
/// </summary>
public sealed class CachedTenantDirectory : ITenantDirectory
{
    /// <summary>The upper bound api.md promises for a change to take effect.</summary>
    public const int MaxCacheSeconds = 30;

    private readonly PolicyReader _reader;
    private readonly PolicyCache<KeyRecord?> _keys;
    private readonly PolicyCache<bool> _tenants;
    private readonly PolicyCache<bool> _pools;

    public CachedTenantDirectory(PolicyReader reader, IOptions<TelemetryOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        _reader = reader;
        var lifetime = TimeSpan.FromSeconds(Math.Clamp(options.Value.PolicyCacheSeconds, 0, MaxCacheSeconds));
        _keys = new PolicyCache<KeyRecord?>(time, lifetime);
        _tenants = new PolicyCache<bool>(time, lifetime);
        _pools = new PolicyCache<bool>(time, lifetime);
    }

    public async ValueTask<string?> FindTenantByKeyAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > IngestionKeys.MaxKeyLength)
        {
            return null;
        }

        var hash = IngestionKeys.Hash(apiKey);
        var key = await _keys.GetOrReadAsync(hash, ct => _reader.ReadKeyAsync(hash, ct), cancellationToken);
        return key is { Revoked: false } ? key.TenantId : null;
    }

    public async ValueTask<PolicySettings> GetPolicyAsync(string tenantId, string? poolId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var disableTracing = await _tenants.GetOrReadAsync(
            tenantId, ct => _reader.ReadDisableAutomaticSendTracingAsync(tenantId, ct), cancellationToken);
        // An id that the API could never have written has no pool entity: collection stays off.
        var meetingUx = PolicyTable.IsValidId(poolId) && await _pools.GetOrReadAsync(
            PoolCacheKey(tenantId, poolId!), ct => _reader.ReadMeetingUxEnableTelemetryAsync(tenantId, poolId!, ct), cancellationToken);
        return new PolicySettings(disableTracing, meetingUx);
    }

    /// <summary>Forgets a key by its hash, after an issue or a revocation through the API.</summary>
    public void ForgetKey(string keyHash) => _keys.Forget(keyHash);

    public void ForgetTenant(string tenantId) => _tenants.Forget(tenantId);

    public void ForgetPool(string tenantId, string poolId) => _pools.Forget(PoolCacheKey(tenantId, poolId));

    // '|' cannot appear in an id, so the pair is unambiguous.
    private static string PoolCacheKey(string tenantId, string poolId) => tenantId + "|" + poolId;
}
