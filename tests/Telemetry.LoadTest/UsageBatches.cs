using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Telemetry.LoadTest;

/// <summary>Usage batches with fresh record ids and current timestamps, as a client would send them.</summary>
public static class UsageBatches
{
    public static byte[] Create(int records, DateTimeOffset now, bool gzip)
    {
        var buffer = new ArrayBufferWriter<byte>(records * 300);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("source", "client");
            writer.WriteStartArray("records");
            for (var i = 0; i < records; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("id", Guid.NewGuid());
                writer.WriteString("timestamp", now.AddSeconds(-i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("appName", "Lync");
                writer.WriteString("appVersion", "16.0.4849.1000");
                writer.WriteNumber("imSent", i % 40);
                writer.WriteNumber("imReceived", i % 25);
                writer.WriteNumber("meetingJoinAttempts", 2);
                writer.WriteNumber("meetingJoinSuccesses", 2);
                writer.WriteNumber("callMinutes", 30);
                writer.WriteString("federationPartner", "Microsoft.com");
                writer.WriteStartObject("features");
                writer.WriteNumber("screenShare", i % 3);
                writer.WriteNumber("whiteboard", 1);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (!gzip)
        {
            return buffer.WrittenSpan.ToArray();
        }

        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            zip.Write(buffer.WrittenSpan);
        }

        return compressed.ToArray();
    }
}
