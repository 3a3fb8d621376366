using Microsoft.Extensions.Logging;
using Telemetry.Core;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Ingestion;

/// <summary>
/// From a validated envelope to its outcome: the tenant's policy, the decision table per record, then every
/// accepted record durably queued. Nothing is accepted unless every message was written.
/// </summary>
public sealed class IngestionService
{
    private readonly TenantDirectory _tenants;
    private readonly QueueWriter _queue;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestionService> _logger;

    internal IngestionService(TenantDirectory tenants, QueueWriter queue, TelemetryMetrics metrics, TimeProvider time, ILogger<IngestionService> logger)
    {
        _tenants = tenants;
        _queue = queue;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Decides and queues the records of <paramref name="envelope"/> (which has no envelope error) for <paramref name="tenantId"/>.</summary>
    public async Task<IngestionResult> IngestAsync(TelemetryCategory category, string tenantId, EnvelopeResult envelope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(envelope);
        _metrics.Received(category, envelope.Received);

        var poolId = envelope.Source == TelemetrySource.Client ? null : envelope.PoolId;
        var policy = envelope.Valid.Count == 0
            ? PolicySettings.PrivacySafe
            : await _tenants.GetPolicyAsync(tenantId, poolId, cancellationToken);
        var decision = BatchDecision.Decide(envelope, category, policy);
        foreach (var group in decision.Errors.GroupBy(error => error.Code, StringComparer.Ordinal))
        {
            _metrics.Rejected(category, group.Key, group.Count());
        }

        if (decision.NothingValid)
        {
            return new IngestionResult(IngestionStatus.NothingValid, decision, 0);
        }

        var messages = decision.Accepted.Count == 0
            ? []
            : QueueBatcher.CreateMessages(category, tenantId, envelope.Source, poolId, decision.Accepted, _time.GetUtcNow());
        if (messages.Count > 0)
        {
            if (!await _queue.WriteAllAsync(category, messages, cancellationToken))
            {
                return new IngestionResult(IngestionStatus.QueueUnavailable, decision, messages.Count);
            }

            IngestionLog.Queued(_logger, decision.Accepted.Count, messages.Count, TelemetryCategories.RouteSegment(category));
        }

        _metrics.Accepted(category, decision.Accepted.Count);
        if (decision.Suppressed > 0)
        {
            _metrics.Suppressed(category, decision.SuppressedReason!, decision.Suppressed);
        }

        return new IngestionResult(IngestionStatus.Accepted, decision, messages.Count);
    }
}
