using System.Globalization;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>host.json: how the Functions host starts the handler and runs the queue triggers.</summary>
public sealed class HostJsonTests
{
    [Fact]
    public void Host_json_uses_the_version_2_schema_and_the_version_4_extension_bundle()
    {
        Assert.Equal("2.0", (string?)HostJson.Json["version"]);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string?)HostJson.Json["extensionBundle"]?["id"]);
        Assert.Equal("[4.0.0, 5.0.0)", (string?)HostJson.Json["extensionBundle"]?["version"]);
    }

    [Fact]
    public void The_host_starts_the_handler_executable_that_the_app_publishes()
    {
        // A single-file publish names the executable after the assembly.
        var assemblyName = typeof(Program).Assembly.GetName().Name;

        Assert.Equal(assemblyName, HostJson.ExecutablePath);
    }

    [Fact]
    public void The_handler_listens_on_loopback_at_the_port_the_host_chooses()
    {
        Assert.Equal(["--urls", "http://127.0.0.1:%FUNCTIONS_CUSTOMHANDLER_PORT%"], HostJson.Arguments);
    }

    [Fact]
    public void Http_requests_are_forwarded_as_they_are_under_the_api_prefix()
    {
        Assert.True((bool?)HostJson.CustomHandler["enableForwardingHttpRequest"]);
        Assert.Equal("api", HostJson.RoutePrefix);
    }

    [Fact]
    public void The_standalone_workers_poison_a_message_after_as_many_deliveries_as_the_host()
    {
        // Message encoding is proven end to end in Telemetry.Services.Tests (MessageEncodingTests).
        Assert.Equal(new QueueWorkerOptions().MaxDequeueCount, (int?)HostJson.Queues["maxDequeueCount"]);
    }

    [Fact]
    public void Queue_polling_settings_are_within_the_hosts_limits()
    {
        var batchSize = (int?)HostJson.Queues["batchSize"] ?? 16;
        var newBatchThreshold = (int?)HostJson.Queues["newBatchThreshold"] ?? 0;
        var visibilityTimeout = Duration("visibilityTimeout");
        var maxPollingInterval = Duration("maxPollingInterval");

        Assert.InRange(batchSize, 1, 32);
        Assert.InRange(newBatchThreshold, 0, batchSize);
        Assert.InRange(visibilityTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.InRange(maxPollingInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Every_invocation_has_a_bounded_timeout()
    {
        var timeout = TimeSpan.Parse((string?)HostJson.Json["functionTimeout"] ?? "", CultureInfo.InvariantCulture);

        Assert.InRange(timeout, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30));
    }

    private static TimeSpan Duration(string setting) =>
        TimeSpan.Parse((string?)HostJson.Queues[setting] ?? "", CultureInfo.InvariantCulture);
}
