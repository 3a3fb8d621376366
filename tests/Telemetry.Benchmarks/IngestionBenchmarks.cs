using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Telemetry.Benchmarks;

/// <summary>The ingestion hot path for one 500-record body: validate, decide every record, build queue messages.</summary>
public class IngestionBenchmarks
{
    private byte[] _body = [];

    [Params(TelemetryCategory.Usage, TelemetryCategory.Errors)]
    public TelemetryCategory Category { get; set; }

    [GlobalSetup]
    public void Setup() => _body = SampleBodies.Create(Category);

    [Benchmark(Baseline = true, OperationsPerInvoke = SampleBodies.RecordCount)]
    public int ParseBodyIntoJsonDocument()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.GetProperty("records").GetArrayLength();
    }

    [Benchmark(OperationsPerInvoke = SampleBodies.RecordCount)]
    public int ReadDecideAndBatch()
    {
        var result = EnvelopeReader.Read(_body, Category, SampleBodies.Now);
        var accepted = new List<ValidRecord>(result.Valid.Count);
        foreach (var record in result.Valid)
        {
            var decision = CollectionPolicy.Decide(result.Source, Category, PolicySettings.Default, record.UserOptIn, record.Kind, record.Platform);
            if (decision.Verdict == Verdict.Accept)
            {
                accepted.Add(record);
            }
        }

        return QueueBatcher.CreateMessages(Category, "contoso", result.Source, result.PoolId, accepted, SampleBodies.Now).Count;
    }
}
