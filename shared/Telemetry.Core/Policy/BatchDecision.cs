namespace Telemetry.Core;

/// <summary>
/// The decision table applied to every valid record of one request: which records are queued, how many
/// are suppressed (and the first reason), and every record error, in request order.
/// </summary>
public sealed record BatchDecision(
    IReadOnlyList<ValidRecord> Accepted,
    int Suppressed,
    string? SuppressedReason,
    IReadOnlyList<RecordError> Errors)
{
    private const string RejectedByPolicy = "rejected_by_policy";

    /// <summary>True when no record is accepted or suppressed: the whole request is a 400.</summary>
    public bool NothingValid => Accepted.Count == 0 && Suppressed == 0;

    /// <summary>Decides each valid record of <paramref name="envelope"/> under <paramref name="policy"/>.</summary>
    public static BatchDecision Decide(EnvelopeResult envelope, TelemetryCategory category, PolicySettings policy)
    {
        ArgumentNullException.ThrowIfNull(envelope);
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
                    errors.Add(new RecordError(record.Index, record.Id.ToString(), decision.Reason ?? RejectedByPolicy, null,
                        "The record is not collected from this source."));
                    break;
            }
        }

        errors.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new BatchDecision(accepted, suppressed, suppressedReason, errors);
    }
}
