using System.Text;
using System.Text.Json;
using Telemetry.Client.Buffering;
using Telemetry.Client.Wire;

namespace Telemetry.Client.Tests.Unit;

public sealed class BatchingTests
{
    private static readonly TelemetryClientOptions Options = new() { ServiceUri = new Uri("http://127.0.0.1/"), ApiKey = "k" };

    [Fact]
    public void BatchesStayUnderTheBodyLimitAndTakeAsManyRecordsAsFit()
    {
        const int maxBytes = 100_000;
        var buffer = new RecordBuffer(10_000);
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < 400; i++)
        {
            // Records of uneven sizes, 1 to 3 KiB.
            buffer.Add(TelemetryCategory.Usage, Record(start.AddMilliseconds(i), 1024 + (i * 37 % 2048)));
        }

        var envelope = new Envelope(Options);
        var batches = new List<List<PendingRecord>>();
        while (buffer.CountOf(TelemetryCategory.Usage) > 0)
        {
            batches.Add(buffer.Take(TelemetryCategory.Usage, 500, maxBytes, envelope.EmptyBytes));
        }

        for (var i = 0; i < batches.Count; i++)
        {
            var body = envelope.Body(batches[i], gzip: false);
            Assert.True(body.Length <= maxBytes, $"batch {i} has a body of {body.Length} bytes");
            using var parsed = JsonDocument.Parse(body);
            Assert.Equal(batches[i].Count, parsed.RootElement.GetProperty("records").GetArrayLength());
            if (i + 1 < batches.Count)
            {
                // Cut no earlier than needed: the next batch's first record would not have fitted.
                Assert.True(body.Length + 1 + batches[i + 1][0].Json.Length > maxBytes, $"batch {i} was cut early");
            }
        }

        Assert.Equal(400, batches.Sum(b => b.Count));
    }

    [Fact]
    public void ABatchHoldsAtMostTheRecordLimitWhateverTheirSize()
    {
        var buffer = new RecordBuffer(10_000);
        for (var i = 0; i < 1_200; i++)
        {
            buffer.Add(TelemetryCategory.Census, Record(DateTimeOffset.UtcNow, 40));
        }

        Assert.Equal([500, 500, 200], Enumerable.Range(0, 3).Select(_ => buffer.Take(TelemetryCategory.Census, 500, 1024 * 1024, 64).Count));
    }

    [Fact]
    public void AFullBufferDropsTheOldestRecordOfAnyCategory()
    {
        var buffer = new RecordBuffer(3);
        var start = DateTimeOffset.UtcNow;
        var oldestUsage = Record(start, 10);
        Assert.Null(buffer.Add(TelemetryCategory.Usage, oldestUsage));
        Assert.Null(buffer.Add(TelemetryCategory.Census, Record(start.AddSeconds(1), 10)));
        Assert.Null(buffer.Add(TelemetryCategory.Usage, Record(start.AddSeconds(2), 10)));

        Assert.Equal(TelemetryCategory.Usage, buffer.Add(TelemetryCategory.Census, Record(start.AddSeconds(3), 10)));

        Assert.Equal(3, buffer.Count);
        Assert.DoesNotContain(buffer.Take(TelemetryCategory.Usage, 500, int.MaxValue, 0), r => r.Id == oldestUsage.Id);
    }

    [Fact]
    public void TheEnvelopeNamesTheSourceAndPoolOnlyWhereTheContractWantsThem()
    {
        var record = Record(DateTimeOffset.UtcNow, 10);
        using var client = JsonDocument.Parse(new Envelope(Options).Body([record], gzip: false));
        using var pool = JsonDocument.Parse(new Envelope(new TelemetryClientOptions
        {
            ServiceUri = Options.ServiceUri, ApiKey = "k", Source = TelemetrySource.JoinLauncher, PoolId = "pool01.contoso.com",
        }).Body([record], gzip: false));

        Assert.Equal("client", client.RootElement.GetProperty("source").GetString());
        Assert.False(client.RootElement.TryGetProperty("poolId", out _));
        Assert.Equal("joinLauncher", pool.RootElement.GetProperty("source").GetString());
        Assert.Equal("pool01.contoso.com", pool.RootElement.GetProperty("poolId").GetString());
    }

    private static PendingRecord Record(DateTimeOffset timestamp, int size)
    {
        var id = Guid.NewGuid();
        var head = $"{{\"id\":\"{id}\",\"appName\":\"";
        return new PendingRecord(id, timestamp, Encoding.UTF8.GetBytes(head + new string('x', Math.Max(0, size - head.Length - 2)) + "\"}"));
    }
}
