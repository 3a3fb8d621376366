using System.Text.Json;

namespace Telemetry.Core;

/// <summary>
/// A queue message: accepted records of one category from one request, with what the processor needs
/// to store them. Census messages carry no tenant and no pool (census rows store neither).
/// </summary>
/// <remarks>
/// Wire form (version 1), compact UTF-8 JSON:
/// <c>{"v":1,"category":"usage","tenantId":"contoso","source":"client","poolId":"p1","acceptedAt":"…","records":[{…}]}</c>.
/// </remarks>
public sealed class TelemetryMessage
{
    /// <summary>The message format this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    private TelemetryMessage(int version, TelemetryCategory category, string? tenantId, TelemetrySource source,
        string? poolId, DateTimeOffset acceptedAt, IReadOnlyList<JsonElement> records)
    {
        Version = version;
        Category = category;
        TenantId = tenantId;
        Source = source;
        PoolId = poolId;
        AcceptedAt = acceptedAt;
        Records = records;
    }

    /// <summary>The message format version.</summary>
    public int Version { get; }

    /// <summary>The category of every record in the message.</summary>
    public TelemetryCategory Category { get; }

    /// <summary>The tenant (usage and errors); null for census.</summary>
    public string? TenantId { get; }

    /// <summary>The source of the request the records came from.</summary>
    public TelemetrySource Source { get; }

    /// <summary>The pool of Meetings App and join launcher usage and errors; null otherwise.</summary>
    public string? PoolId { get; }

    /// <summary>When the service accepted the request.</summary>
    public DateTimeOffset AcceptedAt { get; }

    /// <summary>The records, exactly as validated at ingestion.</summary>
    public IReadOnlyList<JsonElement> Records { get; }

    /// <summary>Parses a message's text; throws <see cref="FormatException"/> when it is not a valid message.</summary>
    public static TelemetryMessage Parse(string messageText)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        try
        {
            // The document stays alive with the message: the record elements point into it.
            var root = JsonDocument.Parse(messageText).RootElement;
            return FromRoot(root);
        }
        catch (JsonException e)
        {
            throw new FormatException("The queue message is not well-formed JSON.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("The queue message has a member of the wrong type.", e);
        }
    }

    private static TelemetryMessage FromRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A queue message must be a JSON object.");
        }

        var version = Required(root, MessageFields.Version).GetInt32();
        if (version != CurrentVersion)
        {
            throw new FormatException($"Queue message version {version} is not supported (expected {CurrentVersion}).");
        }

        if (!TelemetryCategories.TryParse(Required(root, MessageFields.Category).GetString(), out var category))
        {
            throw new FormatException("The queue message names an unknown category.");
        }

        if (!TelemetrySources.TryParse(Required(root, MessageFields.Source).GetString(), out var source))
        {
            throw new FormatException("The queue message names an unknown source.");
        }

        var tenantId = Optional(root, MessageFields.TenantId);
        if (category != TelemetryCategory.Census && !Ids.IsValid(tenantId))
        {
            throw new FormatException("A usage or error-report message needs a valid tenantId.");
        }

        var acceptedAt = Required(root, MessageFields.AcceptedAt).GetDateTimeOffset();
        var records = Required(root, MessageFields.Records);
        if (records.ValueKind != JsonValueKind.Array || records.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.Object))
        {
            throw new FormatException("The queue message's records must be an array of objects.");
        }

        // Census never carries tenant or pool, even if a message claims one.
        var isCensus = category == TelemetryCategory.Census;
        return new TelemetryMessage(version, category, isCensus ? null : tenantId, source,
            isCensus ? null : Optional(root, MessageFields.PoolId), acceptedAt, [.. records.EnumerateArray()]);
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new FormatException($"The queue message has no '{name}'.");

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}

/// <summary>Member names of the queue message format.</summary>
internal static class MessageFields
{
    public const string Version = "v";
    public const string Category = "category";
    public const string TenantId = "tenantId";
    public const string Source = "source";
    public const string PoolId = "poolId";
    public const string AcceptedAt = "acceptedAt";
    public const string Records = "records";
}
