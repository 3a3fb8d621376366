using System.Text.Json;
using System.Text.Unicode;

namespace Telemetry.Core;

/// <summary>
/// Reads and validates one ingestion body (UTF-8 JSON, already size-limited and decompressed):
/// the envelope first, then every record against its category's allow-list.
/// </summary>
public static class EnvelopeReader
{
    // Envelope, records array, record, flat object: four levels; the rest is slack for clear errors.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    /// <summary>Validates <paramref name="utf8Json"/>; <paramref name="now"/> anchors the timestamp window.</summary>
    public static EnvelopeResult Read(ReadOnlyMemory<byte> utf8Json, TelemetryCategory category, DateTimeOffset now)
    {
        // A leading byte order mark is allowed (RFC 8259 lets readers ignore it); invalid UTF-8 anywhere
        // is refused up front, since the reader decodes member names lazily.
        if (utf8Json.Span.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (!Utf8.IsValid(utf8Json.Span))
        {
            return NotJson();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, ParseOptions);
        }
        catch (JsonException)
        {
            return NotJson();
        }

        using (document)
        {
            try
            {
                return ReadEnvelope(document.RootElement, category, now);
            }
            catch (InvalidOperationException)
            {
                // Only envelope member names get here (records catch their own): one escaped a lone surrogate.
                return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidEnvelope, "An envelope member name is not valid Unicode text.");
            }
        }
    }

    private static EnvelopeResult NotJson() =>
        EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidJson, "The body is not well-formed UTF-8 JSON (or nests deeper than 16 levels).");

    private static EnvelopeResult ReadEnvelope(JsonElement root, TelemetryCategory category, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidEnvelope, "The body must be a JSON object with 'source' and 'records'.");
        }

        JsonElement? source = null, poolId = null, records = null;
        foreach (var member in root.EnumerateObject())
        {
            if (member.NameEquals("source"u8) && source is null)
            {
                source = member.Value;
            }
            else if (member.NameEquals("poolId"u8) && poolId is null)
            {
                poolId = member.Value;
            }
            else if (member.NameEquals("records"u8) && records is null)
            {
                records = member.Value;
            }
            else
            {
                return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidEnvelope,
                    $"The envelope member '{Names.Shorten(member.Name)}' is unknown or repeated; allowed once each: source, poolId, records.");
            }
        }

        if (source is not { ValueKind: JsonValueKind.String } || !TelemetrySources.TryParse(source.Value.GetString(), out var parsedSource))
        {
            return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidSource, "'source' must be one of: client, meetingsApp, joinLauncher.");
        }

        string? pool = null;
        if (TelemetrySources.IsPoolScoped(parsedSource))
        {
            if (poolId is null || poolId.Value.ValueKind == JsonValueKind.Null)
            {
                return EnvelopeResult.Invalid(EnvelopeErrorCodes.MissingPoolId, "'poolId' is required when 'source' is meetingsApp or joinLauncher.");
            }

            pool = poolId.Value.ValueKind == JsonValueKind.String ? poolId.Value.GetString() : null;
            if (!Ids.IsValid(pool))
            {
                return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidPoolId, $"'poolId' must be {Ids.Rule}.");
            }
        }

        if (records is not { ValueKind: JsonValueKind.Array })
        {
            return EnvelopeResult.Invalid(EnvelopeErrorCodes.InvalidEnvelope, "'records' must be an array of record objects.");
        }

        var count = records.Value.GetArrayLength();
        if (count == 0)
        {
            return EnvelopeResult.Invalid(EnvelopeErrorCodes.NoRecords, "'records' must hold at least one record.");
        }

        if (count > IngestionLimits.MaxRecords)
        {
            return EnvelopeResult.Invalid(EnvelopeErrorCodes.TooManyRecords,
                $"'records' holds {count} records; at most {IngestionLimits.MaxRecords} are allowed per request.");
        }

        var validator = new RecordValidator(category, parsedSource, now);
        var valid = new List<ValidRecord>(count);
        var errors = new List<RecordError>();
        var index = 0;
        foreach (var record in records.Value.EnumerateArray())
        {
            if (validator.TryValidate(record, index, out var validRecord, out var error))
            {
                valid.Add(validRecord);
            }
            else
            {
                errors.Add(error);
            }

            index++;
        }

        return EnvelopeResult.Read(parsedSource, pool, count, valid, errors);
    }
}
