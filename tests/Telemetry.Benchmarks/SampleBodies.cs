using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Telemetry.Benchmarks;

/// <summary>Realistic request bodies of <see cref="RecordCount"/> records, the largest batch a client may send.</summary>
public static class SampleBodies
{
    public const int RecordCount = 500;

    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Create(TelemetryCategory category)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("source", "client");
            writer.WriteStartArray("records");
            for (var i = 0; i < RecordCount; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("id", Guid.NewGuid());
                writer.WriteString("timestamp", Now.AddMinutes(-i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("appName", "Lync");
                writer.WriteString("appVersion", "16.0.4849.1000");
                if (category == TelemetryCategory.Usage)
                {
                    WriteUsage(writer, i);
                }
                else
                {
                    WriteError(writer, i);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUsage(Utf8JsonWriter writer, int i)
    {
        writer.WriteNumber("imSent", 12 + i);
        writer.WriteNumber("imReceived", 5);
        writer.WriteNumber("callsMade", 2);
        writer.WriteNumber("meetingJoinAttempts", 5);
        writer.WriteNumber("meetingJoinSuccesses", 4);
        writer.WriteNumber("callMinutes", 30);
        writer.WriteString("federationPartner", "Microsoft.com");
        writer.WriteStartObject("features");
        writer.WriteNumber("screenShare", 3);
        writer.WriteNumber("whiteboard", 1);
        writer.WriteNumber("recording", 0);
        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, int i)
    {
        writer.WriteString("errorCode", "0x80004005");
        writer.WriteBoolean("userOptIn", true);
        writer.WriteString("platform", "windows");
        writer.WriteString("messageDirection", "Incoming");
        writer.WriteString("conversationState", "Idle");
        writer.WriteString("conversationThreadId", "AdDO8hsJqilU93hQHC3OZaPR2saEA==");
        writer.WriteString("userId", $"user{i}");
        writer.WriteString("sipUri", $"sip:user{i}@contoso.com");
        writer.WriteString("ipAddress", $"203.0.113.{i % 250}");
        writer.WriteString("errorMessage", "The call could not be connected because the media path was lost.");
        writer.WriteStartObject("networkQuality");
        writer.WriteNumber("jitterMs", 12.5);
        writer.WriteNumber("packetLoss", 0.02);
        writer.WriteBoolean("wifi", true);
        writer.WriteEndObject();
    }
}
