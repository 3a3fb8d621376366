using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Telemetry.Core;

/// <summary>
/// Checks records of one envelope against their category's allow-list and rewrites each valid one as
/// compact JSON holding only its allowed fields. One instance per envelope (not thread-safe).
/// </summary>
internal sealed class RecordValidator
{
    // Only what JSON requires (quotes, backslashes, control characters) and characters outside the basic
    // multilingual plane are escaped: text in any script keeps its UTF-8 size, so a record's queued form
    // stays close to the size it was sent in.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FieldRule[] _schema;
    private readonly TelemetrySource _source;
    private readonly DateTimeOffset _oldest;
    private readonly DateTimeOffset _newest;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public RecordValidator(TelemetryCategory category, TelemetrySource source, DateTimeOffset now)
    {
        _schema = RecordSchemas.For(category);
        _source = source;
        _oldest = now - IngestionLimits.MaxAge;
        _newest = now + IngestionLimits.MaxFutureSkew;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public bool TryValidate(JsonElement record, int index, [NotNullWhen(true)] out ValidRecord? valid, [NotNullWhen(false)] out RecordError? error)
    {
        valid = null;
        string? id = null;
        try
        {
            id = IdForErrors(record);
            error = Check(record, index, id, ref valid);
        }
        catch (InvalidOperationException)
        {
            // Matching a member name that escapes a lone surrogate ("\ud800") cannot decode it.
            valid = null;
            error = new RecordError(index, id, RecordErrorCodes.InvalidValue, null, "The record holds a name or text that is not valid Unicode.");
        }

        return error is null;
    }

    private RecordError? Check(JsonElement record, int index, string? id, ref ValidRecord? valid)
    {
        RecordError Fail(string code, string? field, string message) => new(index, id, code, field, message);

        if (record.ValueKind != JsonValueKind.Object)
        {
            return Fail(RecordErrorCodes.InvalidValue, null, "A record must be a JSON object.");
        }

        if (JsonMarshal.GetRawUtf8Value(record).Length > IngestionLimits.MaxRecordBytes)
        {
            return Fail(RecordErrorCodes.TooLarge, null, $"The record is larger than {IngestionLimits.MaxRecordBytes} bytes.");
        }

        _buffer.ResetWrittenCount();
        _writer.Reset();
        _writer.WriteStartObject();

        ulong seen = 0, present = 0;
        var fields = new RecordFields();
        foreach (var property in record.EnumerateObject())
        {
            var slot = RecordSchemas.Find(_schema, property);
            if (slot < 0)
            {
                return Fail(RecordErrorCodes.UnknownField, Names.Shorten(property.Name), "This field is not defined for the category; the record was not accepted.");
            }

            var rule = _schema[slot];
            var bit = 1UL << slot;
            if ((seen & bit) != 0)
            {
                return Fail(RecordErrorCodes.InvalidValue, rule.Name, "The field appears more than once.");
            }

            seen |= bit;
            if (property.Value.ValueKind == JsonValueKind.Null
                || (rule.Presence == FieldPresence.RequiredFromClientsOnly && _source != TelemetrySource.Client))
            {
                continue; // null means "not sent"; the opt-in of sources without a user setting is ignored
            }

            FieldProblem? problem;
            try
            {
                problem = FieldChecks.Check(rule, property.Value, ref fields);
                if (problem is null)
                {
                    Write(rule, property, fields);
                }
            }
            catch (InvalidOperationException)
            {
                problem = new FieldProblem(RecordErrorCodes.InvalidValue, "The value is not valid Unicode text.");
            }

            if (problem is { } p)
            {
                return Fail(p.Code, rule.Name, p.Message);
            }

            present |= bit;
        }

        for (var slot = 0; slot < _schema.Length; slot++)
        {
            var presence = _schema[slot].Presence;
            var required = presence == FieldPresence.Required
                || (presence == FieldPresence.RequiredFromClientsOnly && _source == TelemetrySource.Client);
            if (required && (present & (1UL << slot)) == 0)
            {
                return Fail(RecordErrorCodes.MissingField, _schema[slot].Name, "This required field is missing.");
            }
        }

        if (fields.Timestamp < _oldest || fields.Timestamp > _newest)
        {
            return Fail(RecordErrorCodes.TimestampOutOfRange, RecordSchemas.Timestamp,
                "The timestamp must be no more than 7 days old and no more than 1 hour in the future.");
        }

        _writer.WriteEndObject();
        _writer.Flush();
        if (_buffer.WrittenCount > IngestionLimits.MaxRecordBytes)
        {
            return Fail(RecordErrorCodes.TooLarge, null,
                $"The record is larger than {IngestionLimits.MaxRecordBytes} bytes once its characters are escaped for the queue.");
        }

        valid = new ValidRecord(index, fields.Id, fields.Timestamp, fields.UserOptIn, fields.Kind, fields.Platform, _buffer.WrittenSpan.ToArray());
        return null;
    }

    private void Write(FieldRule rule, JsonProperty property, in RecordFields fields)
    {
        if (rule.Type == FieldType.Guid)
        {
            // GUIDs are kept in one canonical form (lower-case "D").
            _writer.WriteString(rule.Utf8Name, rule.Name == RecordSchemas.Id ? fields.Id : fields.LastGuid);
        }
        else
        {
            property.WriteTo(_writer);
        }
    }

    // The id to quote in an error: only when it is a well-formed GUID, so nothing else is echoed.
    private static string? IdForErrors(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object
        && record.TryGetProperty(RecordSchemas.Id, out var id)
        && id.ValueKind == JsonValueKind.String
        && id.TryGetGuid(out var guid)
            ? guid.ToString("D")
            : null;
}
