using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Telemetry.Storage;

/// <summary>
/// Entities as the Table service's JSON: each typed value with the OData annotation the official SDKs and
/// Storage Explorer use, and back to the same CLR types (date-times come back as UTC DateTimeOffset).
/// </summary>
internal static class TableEntityJson
{
    public const int MaxStringChars = 32 * 1024;
    public const int MaxBinaryBytes = 64 * 1024;
    private const int MaxCustomProperties = 252;
    private const string TypeSuffix = "@odata.type";

    public static byte[] Write(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        if (entity.Count > MaxCustomProperties)
        {
            throw new ArgumentException($"An entity holds at most {MaxCustomProperties} properties besides its keys and Timestamp.", nameof(entity));
        }

        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity)
        {
            // Keys and Timestamp belong to the service; nulls are simply not stored.
            if (value is null || name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    public static TableEntity Read(JsonElement element)
    {
        var entity = new TableEntity(
            element.GetProperty("PartitionKey").GetString() ?? string.Empty,
            element.GetProperty("RowKey").GetString() ?? string.Empty);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.EndsWith(TypeSuffix, StringComparison.Ordinal) || name is "PartitionKey" or "RowKey")
            {
                continue;
            }

            if (name == "odata.etag")
            {
                entity.ETag = property.Value.GetString();
                continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            // Timestamp is always an Edm.DateTime, annotated or not.
            var type = name == "Timestamp" ? "Edm.DateTime" : element.TryGetProperty(name + TypeSuffix, out var t) ? t.GetString() : null;
            var value = ReadValue(property.Value, type);
            if (name == "Timestamp")
            {
                entity.Timestamp = value as DateTimeOffset?;
                continue;
            }

            entity[name] = value;
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                Limit(s.Length <= MaxStringChars, name, $"a string holds at most {MaxStringChars} characters");
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int or short or byte or sbyte or ushort:
                writer.WriteNumber(name, Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case long or uint:
                Typed(writer, name, "Edm.Int64", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double or float:
                WriteDouble(writer, name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset d:
                Typed(writer, name, "Edm.DateTime", FormatDate(d.UtcDateTime));
                break;
            case DateTime d:
                // An unspecified kind is taken as UTC, the only zone the service stores.
                Typed(writer, name, "Edm.DateTime", FormatDate(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d));
                break;
            case Guid g:
                Typed(writer, name, "Edm.Guid", g.ToString("D"));
                break;
            case byte[] bytes:
                Limit(bytes.Length <= MaxBinaryBytes, name, $"a binary value holds at most {MaxBinaryBytes} bytes");
                Typed(writer, name, "Edm.Binary", Convert.ToBase64String(bytes));
                break;
            default:
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}; entities hold string, bool, int, long, double, DateTimeOffset, DateTime, Guid or byte[].");
        }
    }

    // Always annotated: a whole number written plainly would be stored as Int32.
    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        writer.WriteString(name + TypeSuffix, "Edm.Double");
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            writer.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    private static object? ReadValue(JsonElement value, string? type) => (type, value.ValueKind) switch
    {
        (_, JsonValueKind.Null) => null,
        ("Edm.Int64", _) => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.Double", JsonValueKind.String) => double.Parse(value.GetString()!.Replace("INF", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        ("Edm.Double", _) => value.GetDouble(),
        ("Edm.Int32", JsonValueKind.String) => int.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.DateTime", _) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        ("Edm.Guid", _) => Guid.Parse(value.GetString()!),
        ("Edm.Binary", _) => Convert.FromBase64String(value.GetString()!),
        (_, JsonValueKind.True) => true,
        (_, JsonValueKind.False) => false,
        (_, JsonValueKind.Number) => value.TryGetInt32(out var i) && IsIntegerLiteral(value) ? (object)i : value.GetDouble(),
        (_, JsonValueKind.String) => value.GetString(),
        _ => value.GetRawText(),
    };

    // "1.0" or "1e3" is a double even without an annotation.
    private static bool IsIntegerLiteral(JsonElement value) => value.GetRawText().AsSpan().IndexOfAny(".eE") < 0;

    private static void Typed(Utf8JsonWriter writer, string name, string edmType, string value)
    {
        writer.WriteString(name + TypeSuffix, edmType);
        writer.WriteString(name, value);
    }

    private static string FormatDate(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Limit(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Property '{name}' is too large: {rule}.");
        }
    }
}
