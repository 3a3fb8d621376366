namespace Telemetry.Core;

/// <summary>A record that passed its category's schema, ready for the decision table and the queue.</summary>
public sealed class ValidRecord
{
    internal ValidRecord(int index, Guid id, DateTimeOffset timestamp, bool userOptIn, string kind, string? platform, ReadOnlyMemory<byte> json)
    {
        Index = index;
        Id = id;
        Timestamp = timestamp;
        UserOptIn = userOptIn;
        Kind = kind;
        Platform = platform;
        Json = json;
    }

    /// <summary>Position in the request's <c>records</c> array.</summary>
    public int Index { get; }

    /// <summary>The client-generated record id (retries reuse it).</summary>
    public Guid Id { get; }

    /// <summary>When the event happened, as the client stated it.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Error reports from clients: the user's opt-in; false otherwise.</summary>
    public bool UserOptIn { get; }

    /// <summary>Error reports: <c>error</c> or <c>crash</c>; <c>error</c> for other categories.</summary>
    public string Kind { get; }

    /// <summary>Error reports: the stated platform, if any.</summary>
    public string? Platform { get; }

    /// <summary>
    /// The record as compact UTF-8 JSON holding exactly its allowed fields (GUIDs in lower-case "D" form;
    /// quotes, backslashes, control characters and characters beyond the basic multilingual plane escaped).
    /// </summary>
    public ReadOnlyMemory<byte> Json { get; }
}
