using Telemetry.Testing;

namespace Telemetry.LocalHost.Tests.Support;

/// <summary>Unique queue names for the sample app's queue functions (its %Setting% references) and its record queue.</summary>
internal sealed record SampleQueues(string Record, string RecordMessage, string RecordBinary, string Fail, string Seen)
{
    public static SampleQueues Create() => new(
        TestNames.Queue("record"),
        TestNames.Queue("record-message"),
        TestNames.Queue("record-binary"),
        TestNames.Queue("fail"),
        TestNames.Queue("seen"));

    public Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["RecordQueue"] = Record,
        ["RecordMessageQueue"] = RecordMessage,
        ["RecordBinaryQueue"] = RecordBinary,
        ["FailQueue"] = Fail,
        ["SeenQueue"] = Seen,
    };
}
