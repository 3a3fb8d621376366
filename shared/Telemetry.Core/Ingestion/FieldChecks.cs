using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Telemetry.Core;

/// <summary>The check of each <see cref="FieldType"/>. Messages describe the rule, never the value.</summary>
internal static class FieldChecks
{
    public static FieldProblem? Check(FieldRule rule, JsonElement value, ref RecordFields fields) => rule.Type switch
    {
        FieldType.Text => Text(rule, value),
        FieldType.Guid => Guid(rule, value, ref fields),
        FieldType.Timestamp => Timestamp(value, ref fields),
        FieldType.Count => Count(value),
        FieldType.Boolean => Boolean(value, ref fields),
        FieldType.Choice => Choice(rule, value, ref fields),
        FieldType.FlatObject => FlatObject(value, countsOnly: false),
        FieldType.Counts => FlatObject(value, countsOnly: true),
        FieldType.ClientHash => ClientHash(value),
        FieldType.IpAddress => IpAddress(value),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Type, "Unknown field type."),
    };

    private static FieldProblem Invalid(string message) => new(RecordErrorCodes.InvalidValue, message);

    private static FieldProblem? Text(FieldRule rule, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid("The value must be a string.");
        }

        var raw = RawText(value);
        if (raw.Length == 0 && rule.Presence == FieldPresence.Required)
        {
            return Invalid("The value must not be empty.");
        }

        // The escaped UTF-8 length bounds both the character count and the unescaped byte count,
        // so only long values need decoding.
        if (raw.Length > rule.MaxLength)
        {
            var text = value.GetString()!;
            var length = rule.LengthInUtf8Bytes ? Encoding.UTF8.GetByteCount(text) : text.Length;
            if (length > rule.MaxLength)
            {
                var unit = rule.LengthInUtf8Bytes ? "UTF-8 bytes" : "characters";
                return new FieldProblem(RecordErrorCodes.TooLarge, $"The value must hold at most {rule.MaxLength} {unit}.");
            }
        }

        return null;
    }

    private static FieldProblem? Guid(FieldRule rule, JsonElement value, ref RecordFields fields)
    {
        if (value.ValueKind != JsonValueKind.String || !value.TryGetGuid(out var guid))
        {
            return Invalid("The value must be a GUID such as 6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11.");
        }

        fields.LastGuid = guid;
        if (rule.Name == RecordSchemas.Id)
        {
            fields.Id = guid;
        }

        return null;
    }

    private static FieldProblem? Timestamp(JsonElement value, ref RecordFields fields)
    {
        if (value.ValueKind != JsonValueKind.String || !Rfc3339.TryParse(value.GetString(), out var timestamp))
        {
            return Invalid("The value must be an RFC 3339 date-time with an offset, such as 2026-11-20T10:15:00Z.");
        }

        fields.Timestamp = timestamp;
        return null;
    }

    private static FieldProblem? Count(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count is >= 0 and <= int.MaxValue
            ? null
            : Invalid($"The value must be an integer from 0 to {int.MaxValue}.");

    private static FieldProblem? Boolean(JsonElement value, ref RecordFields fields)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Invalid("The value must be true or false.");
        }

        fields.UserOptIn = value.GetBoolean();
        return null;
    }

    private static FieldProblem? Choice(FieldRule rule, JsonElement value, ref RecordFields fields)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            foreach (var allowed in rule.Allowed)
            {
                if (value.ValueEquals(allowed))
                {
                    if (rule.Name == RecordSchemas.Kind)
                    {
                        fields.Kind = allowed;
                    }
                    else if (rule.Name == RecordSchemas.Platform)
                    {
                        fields.Platform = allowed;
                    }

                    return null;
                }
            }
        }

        return Invalid($"The value must be one of: {string.Join(", ", rule.Allowed)}.");
    }

    private static FieldProblem? FlatObject(JsonElement value, bool countsOnly)
    {
        var expected = countsOnly ? "integers from 0 to 2147483647" : "strings, numbers or booleans";
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"The value must be a flat JSON object whose values are {expected}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            if (names.Count == IngestionLimits.MaxObjectEntries)
            {
                return new FieldProblem(RecordErrorCodes.TooLarge, $"The object must hold at most {IngestionLimits.MaxObjectEntries} entries.");
            }

            if (entry.Name.Length is 0 or > IngestionLimits.MaxStringLength || !names.Add(entry.Name))
            {
                return Invalid($"Entry names must be unique and 1 to {IngestionLimits.MaxStringLength} characters long.");
            }

            var entryProblem = countsOnly ? Count(entry.Value) : Scalar(entry.Value);
            if (entryProblem is not null)
            {
                return Invalid($"Every entry's value must be one of: {expected} (strings up to {IngestionLimits.MaxStringLength} characters).");
            }
        }

        return null;
    }

    private static FieldProblem? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => null,
        JsonValueKind.String when value.GetString()!.Length <= IngestionLimits.MaxStringLength => null,
        _ => Invalid("Not a scalar."),
    };

    private static FieldProblem? ClientHash(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid("The value must be a string.");
        }

        var raw = RawText(value);
        return value.TryGetGuid(out _) || (raw.Length == 64 && IsHex(raw))
            ? null
            : new FieldProblem(RecordErrorCodes.CleartextIdentifier,
                "userId must be the client-side hash (GUID-shaped or 64 hexadecimal characters); cleartext identifiers are not accepted.");
    }

    private static FieldProblem? IpAddress(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid("The value must be a string.");
        }

        var raw = RawText(value);
        return raw.Length <= IngestionLimits.MaxStringLength && Pseudonymizer.TruncateIp(value.GetString()!) is not null
            ? null
            : Invalid("The value must be an IPv4 or IPv6 address.");
    }

    // A string's bytes as sent, escapes still in place, without the quotes.
    private static ReadOnlySpan<byte> RawText(JsonElement value) => JsonMarshal.GetRawUtf8Value(value)[1..^1];

    private static bool IsHex(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
