using System.IO.Compression;
using System.Text.Json;
using Telemetry.Client.Buffering;

namespace Telemetry.Client.Wire;

/// <summary>The request body: <c>{"source":…,"poolId":…,"records":[…]}</c>, built from records already serialized.</summary>
internal sealed class Envelope
{
    private readonly byte[] _head;
    private static readonly byte[] Tail = "]}"u8.ToArray();

    public Envelope(TelemetryClientOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("source", options.Source.WireName());
            if (options.Source != TelemetrySource.Client)
            {
                writer.WriteString("poolId", options.PoolId);
            }

            writer.WritePropertyName("records");
            writer.Flush();
        }

        _head = [.. stream.ToArray(), (byte)'['];
    }

    /// <summary>The envelope's size without records.</summary>
    public int EmptyBytes => _head.Length + Tail.Length;

    /// <summary>An upper bound of the envelope around <paramref name="records"/> records, for the "batch is full" test.</summary>
    public static int Overhead(int records) => 128 + records;

    public byte[] Body(IReadOnlyList<PendingRecord> records, bool gzip)
    {
        using var stream = new MemoryStream();
        using (var target = gzip ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : (Stream)stream)
        {
            target.Write(_head);
            for (var i = 0; i < records.Count; i++)
            {
                if (i > 0)
                {
                    target.WriteByte((byte)',');
                }

                target.Write(records[i].Json);
            }

            target.Write(Tail);
        }

        return stream.ToArray();
    }
}
