using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>host.json: what the Functions host (and the local host) read to run this isolated worker.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonObject HostJson = RepositoryFiles.ReadJsonObject("functions/Telemetry.Functions/host.json");

    private static JsonObject Queues => HostJson["extensions"]!["queues"]!.AsObject();

    [Fact]
    public void TheBuildOutputCarriesTheHostJsonOfTheSources()
    {
        var built = JsonNode.Parse(File.ReadAllText(Path.Combine(TelemetryApp.AppDirectory, "host.json")));

        Assert.True(JsonNode.DeepEquals(HostJson, built));
    }

    [Fact]
    public void AnIsolatedWorkerAppNamesNoCustomHandlerAndNoExtensionBundle()
    {
        Assert.Equal("2.0", (string?)HostJson["version"]);
        Assert.Null(HostJson["customHandler"]);
        Assert.Null(HostJson["extensionBundle"]);
    }

    [Fact]
    public void TheHostDecodesQueueMessagesAsTheServiceEncodesThem()
    {
        var encoding = (string?)Queues["messageEncoding"] ?? "base64";

        Assert.Equal(TelemetryQueues.MessageEncoding == QueueMessageEncoding.None ? "none" : "base64", encoding);
    }

    [Fact]
    public void QueueSettingsAreWithinTheHostsLimitsAndIdleQueuesArePolledWithinSeconds()
    {
        var batchSize = (int?)Queues["batchSize"] ?? 16;
        var newBatchThreshold = (int?)Queues["newBatchThreshold"] ?? 0;

        Assert.InRange(batchSize, 1, 32);
        Assert.InRange(newBatchThreshold, 0, batchSize);
        Assert.InRange((int?)Queues["maxDequeueCount"] ?? 5, 2, 10);
        Assert.InRange(Duration(Queues["visibilityTimeout"]), TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.InRange(Duration(Queues["maxPollingInterval"]), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void EveryInvocationHasABoundedTimeout()
    {
        Assert.InRange(Duration(HostJson["functionTimeout"]), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));
    }

    private static TimeSpan Duration(JsonNode? value) => TimeSpan.Parse((string?)value ?? "", CultureInfo.InvariantCulture);
}
