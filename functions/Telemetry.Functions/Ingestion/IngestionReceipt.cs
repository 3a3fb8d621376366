using Telemetry.Core;

namespace Telemetry.Functions.Ingestion;

/// <summary>The 202 body of the public contract (README, "The answer"): counts, the suppression reason and the rejected records.</summary>
public sealed record IngestionReceipt(
    int Received,
    int Accepted,
    int Suppressed,
    int Rejected,
    string? SuppressedReason,
    IReadOnlyList<IngestionError> Errors);

/// <summary>One rejected record: where it was, its id when readable, and why.</summary>
public sealed record IngestionError(int Index, string? Id, string Code, string? Field, string Message)
{
    public static IngestionError From(RecordError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new IngestionError(error.Index, error.Id, error.Code, error.Field, error.Message);
    }
}
