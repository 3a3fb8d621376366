using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Telemetry.Core;

/// <summary>
/// Packs accepted records into as few queue messages as fit: each message's UTF-8 text is at most
/// <c>maxMessageBytes</c>, records keep their order, and no record is split.
/// </summary>
public static class QueueBatcher
{
    /// <summary>
    /// Creates the messages for one request's accepted records of one category. Census messages omit
    /// <paramref name="tenantId"/> and <paramref name="poolId"/>. Throws <see cref="ArgumentException"/>
    /// when a single record cannot fit in a message of <paramref name="maxMessageBytes"/>.
    /// </summary>
    public static IReadOnlyList<string> CreateMessages(
        TelemetryCategory category,
        string tenantId,
        TelemetrySource source,
        string? poolId,
        IReadOnlyList<ValidRecord> accepted,
        DateTimeOffset acceptedAt,
        int maxMessageBytes = IngestionLimits.MaxQueueMessageBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);

        var isCensus = category == TelemetryCategory.Census;
        var header = new MessageHeader(category, isCensus ? null : tenantId, source,
            isCensus || !TelemetrySources.IsPoolScoped(source) ? null : poolId, acceptedAt);

        // An empty message's size, plus each record and the comma before it, gives a message's exact size.
        var emptySize = header.Write([]).Length;
        var messages = new List<string>();
        var batch = new List<ReadOnlyMemory<byte>>();
        var size = emptySize;
        foreach (var record in accepted)
        {
            if (emptySize + record.Json.Length > maxMessageBytes)
            {
                throw new ArgumentException(
                    $"Record {record.Index} ({record.Json.Length} bytes) cannot fit in a queue message of {maxMessageBytes} bytes.",
                    nameof(maxMessageBytes));
            }

            var added = record.Json.Length + (batch.Count > 0 ? 1 : 0);
            if (size + added > maxMessageBytes)
            {
                messages.Add(Encoding.UTF8.GetString(header.Write(batch)));
                batch.Clear();
                size = emptySize;
                added = record.Json.Length;
            }

            batch.Add(record.Json);
            size += added;
        }

        if (batch.Count > 0)
        {
            messages.Add(Encoding.UTF8.GetString(header.Write(batch)));
        }

        return messages;
    }

    private sealed record MessageHeader(TelemetryCategory Category, string? TenantId, TelemetrySource Source, string? PoolId, DateTimeOffset AcceptedAt)
    {
        public ReadOnlySpan<byte> Write(List<ReadOnlyMemory<byte>> records)
        {
            var buffer = new ArrayBufferWriter<byte>(256 + records.Sum(r => r.Length + 1));
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber(MessageFields.Version, TelemetryMessage.CurrentVersion);
                writer.WriteString(MessageFields.Category, TelemetryCategories.RouteSegment(Category));
                if (TenantId is not null)
                {
                    writer.WriteString(MessageFields.TenantId, TenantId);
                }

                writer.WriteString(MessageFields.Source, TelemetrySources.ToWire(Source));
                if (PoolId is not null)
                {
                    writer.WriteString(MessageFields.PoolId, PoolId);
                }

                writer.WriteString(MessageFields.AcceptedAt, AcceptedAt.ToUniversalTime());
                writer.WriteStartArray(MessageFields.Records);
                foreach (var record in records)
                {
                    // Already validated and written compactly by the envelope reader.
                    writer.WriteRawValue(record.Span, skipInputValidation: true);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan;
        }
    }
}
