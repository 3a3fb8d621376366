using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Tenants;

/// <summary>
/// The ingestion path's view of tenants: which tenant an ingestion key belongs to, and the policy switches that
/// govern it. Key lookups (by hash, point reads) and policy reads are each cached for at most
/// <see cref="TenantDirectoryOptions.CacheLifetime"/>, so that any change (by API, by hand, or a revocation)
/// takes effect within that bound on every instance; changes made through this instance are forgotten at once.
/// </summary>
public sealed class TenantDirectory
{
    private readonly PolicyReader _reader;
    private readonly StorageResources _resources;
    private readonly PolicyCache<KeyRecord?> _keys;
    private readonly PolicyCache<bool> _tenants;
    private readonly PolicyCache<bool> _pools;

    internal TenantDirectory(PolicyReader reader, StorageResources resources, IOptions<TenantDirectoryOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        _reader = reader;
        _resources = resources;
        var lifetime = TimeSpan.FromTicks(Math.Clamp(options.Value.CacheLifetime.Ticks, 0, TenantDirectoryOptions.MaxCacheLifetime.Ticks));
        _keys = new PolicyCache<KeyRecord?>(time, lifetime);
        _tenants = new PolicyCache<bool>(time, lifetime);
        _pools = new PolicyCache<bool>(time, lifetime);
    }

    /// <summary>The tenant that owns <paramref name="apiKey"/>; null when the key is unknown or revoked.</summary>
    public async ValueTask<string?> FindTenantByKeyAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > IngestionKeys.MaxKeyLength)
        {
            return null;
        }

        var hash = IngestionKeys.Hash(apiKey);
        var key = await _keys.GetOrReadAsync(hash, ct => _resources.RunAsync(token => _reader.ReadKeyAsync(hash, token), ct), cancellationToken);
        return key is { Revoked: false } ? key.TenantId : null;
    }

    /// <summary>
    /// The tenant's DisableAutomaticSendTracing and, when <paramref name="poolId"/> is given, the pool's
    /// MeetingUxEnableTelemetry. Missing entities or properties read as defaults; unreadable values as the
    /// privacy-safe answer.
    /// </summary>
    public async ValueTask<PolicySettings> GetPolicyAsync(string tenantId, string? poolId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var disableTracing = await _tenants.GetOrReadAsync(
            tenantId, ct => _resources.RunAsync(token => _reader.ReadDisableAutomaticSendTracingAsync(tenantId, token), ct), cancellationToken);

        // An id that the API could never have written has no pool entity: collection stays off.
        var meetingUx = Ids.IsValid(poolId) && await _pools.GetOrReadAsync(
            PoolCacheKey(tenantId, poolId!),
            ct => _resources.RunAsync(token => _reader.ReadMeetingUxEnableTelemetryAsync(tenantId, poolId!, token), ct),
            cancellationToken);
        return new PolicySettings(disableTracing, meetingUx);
    }

    /// <summary>Forgets a key by its hash, after an issue or a revocation through the API.</summary>
    internal void ForgetKey(string keyHash) => _keys.Forget(keyHash);

    internal void ForgetTenant(string tenantId) => _tenants.Forget(tenantId);

    internal void ForgetPool(string tenantId, string poolId) => _pools.Forget(PoolCacheKey(tenantId, poolId));

    // '|' cannot appear in an id, so the pair is unambiguous.
    private static string PoolCacheKey(string tenantId, string poolId) => tenantId + "|" + poolId;
}
