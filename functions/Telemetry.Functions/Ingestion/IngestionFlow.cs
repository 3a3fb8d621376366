using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Queues;

namespace Telemetry.Functions.Ingestion;

/// <summary>
/// From a validated envelope to the answer: the decision table per record, then every accepted record
/// durably queued before the 202. Nothing is accepted unless every message was written.
/// </summary>
public static class IngestionFlow
{
    private static readonly TimeSpan QueueRetryAfter = TimeSpan.FromSeconds(5);

    public static async Task<IResult> DecideAndQueueAsync(
        TelemetryCategory category, string tenantId, EnvelopeResult envelope, HttpContext context, IngestionServices services)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var segment = TelemetryCategories.RouteSegment(category);
        services.Metrics.Received(category, envelope.Received);

        var poolId = envelope.Source == TelemetrySource.Client ? null : envelope.PoolId;
        var policy = envelope.Valid.Count == 0
            ? PolicySettings.PrivacySafe
            : await services.Tenants.GetPolicyAsync(tenantId, poolId, context.RequestAborted).ConfigureAwait(false);

        var outcome = Decide(envelope, category, policy);
        CountRejected(services, category, outcome.Errors);
        if (outcome.Accepted.Count == 0 && outcome.Suppressed == 0)
        {
            return Problems.BadRequest("no_valid_records", "Every record of the request is invalid.", outcome.Errors.Select(IngestionError.From).ToList());
        }

        if (outcome.Accepted.Count > 0)
        {
            var messages = QueueBatcher.CreateMessages(category, tenantId, envelope.Source, poolId, outcome.Accepted, services.Time.GetUtcNow());
            if (!await TrySendAllAsync(services.Queues, category, messages, services.Logger, context.RequestAborted).ConfigureAwait(false))
            {
                Problems.SetRetryAfter(context.Response, QueueRetryAfter);
                return Problems.ServiceUnavailable("queue_unavailable", "The records could not be queued; nothing of this request was kept. Retry the same records later.");
            }

            IngestionLog.Queued(services.Logger, outcome.Accepted.Count, messages.Count, segment);
        }

        services.Metrics.Accepted(category, outcome.Accepted.Count);
        if (outcome.Suppressed > 0)
        {
            services.Metrics.Suppressed(category, outcome.SuppressedReason!, outcome.Suppressed);
        }

        var receipt = new IngestionReceipt(
            envelope.Received,
            outcome.Accepted.Count,
            outcome.Suppressed,
            outcome.Errors.Count,
            outcome.SuppressedReason,
            [.. outcome.Errors.Select(IngestionError.From)]);
        return TypedResults.Json(receipt, statusCode: StatusCodes.Status202Accepted);
    }

    private static DecisionOutcome Decide(EnvelopeResult envelope, TelemetryCategory category, PolicySettings policy)
    {
        var accepted = new List<ValidRecord>(envelope.Valid.Count);
        var errors = new List<RecordError>(envelope.Errors);
        var suppressed = 0;
        string? suppressedReason = null;
        foreach (var record in envelope.Valid)
        {
            var decision = CollectionPolicy.Decide(envelope.Source, category, policy, record.UserOptIn, record.Kind, record.Platform);
            switch (decision.Verdict)
            {
                case Verdict.Accept:
                    accepted.Add(record);
                    break;
                case Verdict.Suppress:
                    suppressed++;
                    suppressedReason ??= decision.Reason;
                    break;
                default:
                    var code = decision.Reason ?? "rejected_by_policy";
                    errors.Add(new RecordError(record.Index, record.Id.ToString(), code, null, "The record is not collected from this source."));
                    break;
            }
        }

        errors.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new DecisionOutcome(accepted, suppressed, suppressedReason, errors);
    }

    private static async Task<bool> TrySendAllAsync(
        TelemetryQueues queues, TelemetryCategory category, IReadOnlyList<string> messages, ILogger logger, CancellationToken cancellationToken)
    {
        var queue = queues.For(category);
        var sends = messages.Select(message => queue.SendMessageAsync(message, timeToLive: TelemetryQueues.MessageTimeToLive, cancellationToken: cancellationToken));
        try
        {
            await Task.WhenAll(sends).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            IngestionLog.QueueWriteFailed(logger, queue.Name, messages.Count, exception.GetType().Name, exception.Message);
            return false;
        }
    }

    private static void CountRejected(IngestionServices services, TelemetryCategory category, IReadOnlyList<RecordError> errors)
    {
        foreach (var group in errors.GroupBy(error => error.Code, StringComparer.Ordinal))
        {
            services.Metrics.Rejected(category, group.Key, group.Count());
        }
    }

    private sealed record DecisionOutcome(List<ValidRecord> Accepted, int Suppressed, string? SuppressedReason, List<RecordError> Errors);
}
