using Telemetry.Core;

namespace Telemetry.Services.Ingestion;

/// <summary>What became of one request's records.</summary>
public enum IngestionStatus
{
    /// <summary>Every accepted record is durably queued (there may be none: all suppressed).</summary>
    Accepted,

    /// <summary>No record was valid: nothing to accept or suppress.</summary>
    NothingValid,

    /// <summary>The queue could not be written; nothing of the request was kept.</summary>
    QueueUnavailable,
}

/// <summary>The outcome of a request: its status and the decision behind it (counts, reason, record errors).</summary>
public sealed record IngestionResult(IngestionStatus Status, BatchDecision Decision, int Messages);
