namespace Telemetry.Core;

/// <summary>
/// The outcome of reading one request body: either an <see cref="Error"/> for the whole body, or the
/// envelope's source and pool with every record sorted into <see cref="Valid"/> or <see cref="Errors"/>
/// (exactly one error per rejected record, so <c>Valid.Count + Errors.Count == Received</c>).
/// </summary>
public sealed class EnvelopeResult
{
    private EnvelopeResult(EnvelopeError? error, TelemetrySource source, string? poolId, int received,
        IReadOnlyList<ValidRecord> valid, IReadOnlyList<RecordError> errors)
    {
        Error = error;
        Source = source;
        PoolId = poolId;
        Received = received;
        Valid = valid;
        Errors = errors;
    }

    /// <summary>Non-null when the whole request is a 400 (not JSON, or the envelope is invalid).</summary>
    public EnvelopeError? Error { get; }

    /// <summary>The envelope's source.</summary>
    public TelemetrySource Source { get; }

    /// <summary>The pool for Meetings App and join launcher batches; null for clients (whose poolId is ignored).</summary>
    public string? PoolId { get; }

    /// <summary>How many records the body held.</summary>
    public int Received { get; }

    /// <summary>Records that passed their schema, in request order.</summary>
    public IReadOnlyList<ValidRecord> Valid { get; }

    /// <summary>One problem per rejected record, in request order.</summary>
    public IReadOnlyList<RecordError> Errors { get; }

    internal static EnvelopeResult Invalid(string code, string message) =>
        new(new EnvelopeError(code, message), default, null, 0, [], []);

    internal static EnvelopeResult Read(TelemetrySource source, string? poolId, int received,
        IReadOnlyList<ValidRecord> valid, IReadOnlyList<RecordError> errors) =>
        new(null, source, poolId, received, valid, errors);
}
