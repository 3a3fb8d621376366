using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Telemetry.Core;

/// <summary>
/// Turns a queue message into Table Storage rows (README, "What is stored"). Fields keep
/// their names in PascalCase; identifiers become <c>&lt;Field&gt;Hash</c> beside <c>HashKeyVersion</c>;
/// a field the category does not define makes the message invalid, so nothing unexpected is stored.
/// </summary>
public static class EntityMapper
{
    /// <summary>Longest string property Table Storage holds (64 KiB of UTF-16).</summary>
    public const int MaxStringPropertyLength = 32 * 1024;

    private static readonly JsonWriterOptions StoredJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Maps every record of the message; throws <see cref="FormatException"/> for a record the schema does not allow.</summary>
    public static IReadOnlyList<TelemetryRow> Map(TelemetryMessage message, Pseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(pseudonymizer);

        var table = TelemetryCategories.TableName(message.Category);
        var schema = RecordSchemas.For(message.Category);
        var rows = new List<TelemetryRow>(message.Records.Count);
        foreach (var record in message.Records)
        {
            rows.Add(MapRecord(message, record, table, schema, pseudonymizer));
        }

        return rows;
    }

    private static TelemetryRow MapRecord(TelemetryMessage message, JsonElement record, string table, FieldRule[] schema, Pseudonymizer pseudonymizer)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Source"] = TelemetrySources.ToWire(message.Source),
            ["AcceptedAt"] = message.AcceptedAt.ToUniversalTime(),
        };

        if (message.Category != TelemetryCategory.Census)
        {
            properties["TenantId"] = message.TenantId ?? throw new FormatException("A usage or error-report message needs a tenantId.");
            if (message.PoolId is not null)
            {
                properties["PoolId"] = message.PoolId;
            }
        }

        Guid? id = null;
        DateTimeOffset? eventTime = null;
        foreach (var field in record.EnumerateObject())
        {
            var slot = RecordSchemas.Find(schema, field);
            if (slot < 0)
            {
                throw new FormatException($"A {table} record holds a field its schema does not define.");
            }

            var rule = schema[slot];
            if (field.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (rule.Name)
            {
                case RecordSchemas.Id:
                    id = field.Value.GetGuid();
                    break;
                case RecordSchemas.Timestamp when Rfc3339.TryParse(field.Value.GetString(), out var timestamp):
                    eventTime = timestamp.ToUniversalTime();
                    properties["EventTime"] = eventTime;
                    break;
                case RecordSchemas.Timestamp:
                    throw new FormatException($"A {table} record has a malformed timestamp.");
                case RecordSchemas.UserOptIn when message.Source != TelemetrySource.Client:
                    break; // sources without a user setting: ignored
                default:
                    AddField(properties, rule, field.Value, pseudonymizer);
                    break;
            }
        }

        if (id is not { } recordId || eventTime is not { } time)
        {
            throw new FormatException($"A {table} record lacks its id or timestamp.");
        }

        if (message.Category == TelemetryCategory.Errors)
        {
            properties.TryAdd("Kind", "error"); // the default kind, stored so queries need no special case
        }

        var partitionKey = message.Category == TelemetryCategory.Census
            ? PartitionKeys.Census(time, recordId)
            : PartitionKeys.ForTenant(message.TenantId!, time, recordId);
        return new TelemetryRow(table, partitionKey, recordId.ToString("D"), properties);
    }

    private static void AddField(Dictionary<string, object?> properties, FieldRule rule, JsonElement value, Pseudonymizer pseudonymizer)
    {
        if (rule.Pseudonymized)
        {
            var clear = value.GetString()!;
            properties[rule.PropertyName + "Hash"] = pseudonymizer.Hash(clear);
            properties["HashKeyVersion"] = pseudonymizer.CurrentVersion;
            if (rule.Type == FieldType.IpAddress)
            {
                properties["IpPrefix"] = Pseudonymizer.TruncateIp(clear);
            }

            return;
        }

        properties[rule.PropertyName] = rule.Type switch
        {
            FieldType.Guid => value.GetGuid(),
            FieldType.Count => value.GetInt32(),
            FieldType.Boolean => value.GetBoolean(),
            FieldType.FlatObject or FieldType.Counts => Bounded(JsonText(value)),
            _ => Bounded(value.GetString()!),
        };
    }

    // Compact JSON text; text in any script stays readable in Storage Explorer.
    private static string JsonText(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StoredJson))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Bounded(string text) =>
        text.Length <= MaxStringPropertyLength
            ? text
            : throw new FormatException($"A property would exceed Table Storage's {MaxStringPropertyLength} characters.");
}
