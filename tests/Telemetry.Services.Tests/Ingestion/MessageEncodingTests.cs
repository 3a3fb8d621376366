using System.Text;
using Telemetry.Core;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Ingestion;

/// <summary>What the queue writer puts in a queue is what the Functions host, configured by host.json, hands the queue trigger.</summary>
public class MessageEncodingTests
{
    [Fact]
    public async Task AMessageWrittenByTheQueueWriterDecodesTheWayHostJsonTellsTheHostToDecodeIt()
    {
        var encoding = (string?)RepositoryFiles.ReadJsonObject("functions/Telemetry.Functions/host.json")["extensions"]?["queues"]?["messageEncoding"] ?? "base64";
        await using var services = await TestServices.StartAsync();
        var record = Batches.Usage();
        var written = Assert.Single(Batches.Messages(TelemetryCategory.Usage, "contoso", record));

        Assert.True(await services.Get<QueueWriter>().WriteAllAsync(TelemetryCategory.Usage, [written]));

        // The raw text as stored, decoded as the host decodes it.
        var stored = (await services.Storage.GetQueueClient(services.Queues.For(TelemetryCategory.Usage).Name).ReceiveMessageAsync()).Value.MessageText;
        var delivered = encoding switch
        {
            "none" => stored,
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(stored)),
            _ => throw new InvalidDataException($"host.json names an unknown messageEncoding '{encoding}'."),
        };
        Assert.Equal(written, delivered);
        Assert.Equal(record["id"], Guid.Parse(TelemetryMessage.Parse(delivered).Records[0].GetProperty("id").GetString()!));
    }
}
