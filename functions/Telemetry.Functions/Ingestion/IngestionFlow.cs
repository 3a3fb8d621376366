using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Queues;
using Telemetry.Storage;

namespace Telemetry.Functions.Ingestion;

/// <summary>
/// From a validated envelope to the answer: the decision table per record, then every accepted record
/// durably queued before the 202. Nothing is accepted unless every message was written.
/// </summary>
public static class IngestionFlow
{
    private static readonly TimeSpan QueueRetryAfter = TimeSpan.FromSeconds(5);

    // How long the messages of a split batch stay hidden while their siblings are written.
    private static readonly TimeSpan PendingVisibility = TimeSpan.FromSeconds(60);

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

    /// <summary>
    /// One message is all or nothing by itself. Several are written hidden and shown only once every one of
    /// them is in the queue: when one fails, the written ones are deleted before any worker can store them,
    /// so a 503 really keeps nothing of the request.
    /// </summary>
    private static async Task<bool> TrySendAllAsync(
        TelemetryQueues queues, TelemetryCategory category, IReadOnlyList<string> messages, ILogger logger, CancellationToken cancellationToken)
    {
        var queue = queues.For(category);
        var hideUntilComplete = messages.Count > 1 ? PendingVisibility : (TimeSpan?)null;
        var sends = messages
            .Select(message => queue.SendMessageAsync(message, hideUntilComplete, TelemetryQueues.MessageTimeToLive, cancellationToken))
            .ToList();
        try
        {
            await Task.WhenAll(sends).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            IngestionLog.QueueWriteFailed(logger, queue.Name, messages.Count, exception.GetType().Name, exception.Message);
            await DeleteWrittenAsync(queue, sends, logger).ConfigureAwait(false);
            return false;
        }

        if (hideUntilComplete is not null)
        {
            await ShowAsync(queue, sends.Select(send => send.Result), logger).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task ShowAsync(IQueueClient queue, IEnumerable<SendReceipt> receipts, ILogger logger)
    {
        try
        {
            await Task.WhenAll(receipts.Select(receipt =>
                queue.UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, TimeSpan.Zero, CancellationToken.None))).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Every message is written; one that could not be shown now becomes visible when its hiding ends.
            IngestionLog.QueueShowFailed(logger, queue.Name, exception.GetType().Name);
        }
    }

    private static async Task DeleteWrittenAsync(IQueueClient queue, IEnumerable<Task<SendReceipt>> sends, ILogger logger)
    {
        var written = sends.Where(send => send.IsCompletedSuccessfully).Select(send => send.Result).ToList();
        foreach (var receipt in written)
        {
            try
            {
                await queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                IngestionLog.QueueCleanupFailed(logger, queue.Name, exception.GetType().Name);
            }
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
