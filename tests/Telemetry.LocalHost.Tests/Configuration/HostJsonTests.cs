using Azure.Storage.Queues;
using Telemetry.LocalHost.Configuration;

namespace Telemetry.LocalHost.Tests.Configuration;

public sealed class HostJsonTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("localhost-hostjson-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void WithoutExtensionsTheHostsDefaultsApply()
    {
        var host = Read("""{ "version": "2.0" }""");

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(TimeSpan.FromMinutes(30), host.FunctionTimeout);
        Assert.Equal(16, host.Queues.BatchSize);
        Assert.Equal(16 / 2 * Environment.ProcessorCount, host.Queues.NewBatchThreshold);
        Assert.Equal(TimeSpan.Zero, host.Queues.VisibilityTimeout);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromMinutes(1), host.Queues.MaxPollingInterval);
        Assert.Equal(QueueMessageEncoding.Base64, host.Queues.MessageEncoding);
    }

    [Fact]
    public void TheQueueSectionAndRoutePrefixAreRead()
    {
        var host = Read("""
            {
              // Comments are allowed, as in the host.
              "version": "2.0",
              "functionTimeout": "00:02:00",
              "extensions": {
                "http": { "routePrefix": "/v2/" },
                "queues": { "batchSize": 8, "newBatchThreshold": 3, "visibilityTimeout": "00:00:05",
                            "maxDequeueCount": 2, "maxPollingInterval": "00:00:02", "messageEncoding": "none" }
              }
            }
            """);

        Assert.Equal("v2", host.RoutePrefix);
        Assert.Equal(TimeSpan.FromMinutes(2), host.FunctionTimeout);
        Assert.Equal(new QueuesOptions
        {
            BatchSize = 8,
            NewBatchThreshold = 3,
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            MaxDequeueCount = 2,
            MaxPollingInterval = TimeSpan.FromSeconds(2),
            MessageEncoding = QueueMessageEncoding.None,
        }, host.Queues);
    }

    [Fact]
    public void TheDefaultNewBatchThresholdFollowsTheConfiguredBatchSize()
    {
        var host = Read("""{ "version": "2.0", "extensions": { "queues": { "batchSize": 4 } } }""");

        Assert.Equal(4 / 2 * Environment.ProcessorCount, host.Queues.NewBatchThreshold);
    }

    [Fact]
    public void AnAppSettingOverridesHostJsonAsInTheHost()
    {
        var host = Read(
            """{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 5 } } }""",
            new()
            {
                ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "2",
                ["AzureFunctionsJobHost:functionTimeout"] = "-1",
            });

        Assert.Equal(2, host.Queues.MaxDequeueCount);
        Assert.Null(host.FunctionTimeout);
    }

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "batchSize": 33 } } }""", "batchSize")]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "batchSize": 0 } } }""", "batchSize")]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 0 } } }""", "maxDequeueCount")]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "messageEncoding": "utf8" } } }""", "messageEncoding")]
    [InlineData("""{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:00.050" } } }""", "maxPollingInterval")]
    [InlineData("""{ "version": "2.0", "functionTimeout": "soon" }""", "functionTimeout")]
    [InlineData("""{ "version": "1.0" }""", "version")]
    public void AnInvalidValueIsRefusedNamingIt(string json, string name)
    {
        var error = Assert.Throws<LocalHostStartException>(() => Read(json));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingHostJsonSaysTheScriptRootIsWrong()
    {
        var error = Assert.Throws<LocalHostStartException>(() => HostJson.Read(_root.FullName, AppSettings.Build(new Dictionary<string, string>(), null, [])));

        Assert.Contains("build output", error.Message, StringComparison.Ordinal);
    }

    private HostJson Read(string json, Dictionary<string, string>? settings = null)
    {
        File.WriteAllText(Path.Combine(_root.FullName, HostJson.FileName), json);
        return HostJson.Read(_root.FullName, AppSettings.Build(settings ?? [], null, []));
    }
}
