namespace Telemetry.Core;

/// <summary>The facts about a record that the decision table and the queue need, collected while validating.</summary>
internal struct RecordFields
{
    private string? _kind;

    public Guid Id { get; set; }

    /// <summary>The GUID of the field checked last (id or deviceId), for writing it back canonically.</summary>
    public Guid LastGuid { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public bool UserOptIn { get; set; }

    public string Kind
    {
        readonly get => _kind ?? "error";
        set => _kind = value;
    }

    public string? Platform { get; set; }
}

/// <summary>A field-level problem: a record error code and a message that never quotes the value.</summary>
internal readonly record struct FieldProblem(string Code, string Message);
