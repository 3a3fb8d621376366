using Telemetry.Core;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>Queue functions and the queues the service writes agree.</summary>
public sealed class QueueContractTests
{
    public static TheoryData<TelemetryCategory> Categories => new(TelemetryCategories.All);

    [Theory]
    [MemberData(nameof(Categories))]
    public void Each_category_has_a_queue_function_triggered_by_the_queue_the_service_writes(TelemetryCategory category)
    {
        var function = Assert.Single(FunctionDefinitions.Queue, f => f.Name == $"Process{category}");

        Assert.Equal(TelemetryCategories.QueueName(category), (string?)function.Trigger["queueName"]);
    }

    [Fact]
    public void Every_queue_function_belongs_to_a_category()
    {
        var expected = TelemetryCategories.All.Select(c => $"Process{c}").Order(StringComparer.Ordinal);

        Assert.Equal(expected, FunctionDefinitions.Queue.Select(f => f.Name));
    }
}
