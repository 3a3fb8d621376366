using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Ingestion;

/// <summary>A token bucket per tenant (per instance): a sustained rate plus a burst.</summary>
public sealed class TenantRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public TenantRateLimiter(IOptions<TelemetryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.RateLimit;
        var (tokensPerPeriod, period) = settings.RequestsPerMinute >= 60
            ? (settings.RequestsPerMinute / 60, TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromMinutes(1.0 / settings.RequestsPerMinute));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        limiter = PartitionedRateLimiter.Create<string, string>(tenantId => RateLimitPartition.GetTokenBucketLimiter(tenantId, _ => bucket));
    }

    /// <summary>Takes one request's token; when refused, how long until the next one is available.</summary>
    public bool TryAcquire(string tenantId, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(tenantId);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose() => limiter.Dispose();
}
