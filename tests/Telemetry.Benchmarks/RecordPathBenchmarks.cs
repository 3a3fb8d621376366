using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Telemetry.Benchmarks;

/// <summary>
/// A 500-record body along the domain's hot paths, each figure per record and as a ratio to parsing the
/// same body into a JsonDocument (the least any ingestion must do):
/// ingestion (validate, decide every record, build queue messages), processing (parse the queue messages,
/// pseudonymize and map to rows) and the keyed hash alone.
/// </summary>
public class RecordPathBenchmarks
{
    private byte[] _body = [];
    private IReadOnlyList<string> _messages = [];
    private string[] _identifiers = [];
    private Pseudonymizer _pseudonymizer = null!;

    [Params(TelemetryCategory.Usage, TelemetryCategory.Errors)]
    public TelemetryCategory Category { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = SampleBodies.Create(Category);
        var result = EnvelopeReader.Read(_body, Category, SampleBodies.Now);
        _messages = QueueBatcher.CreateMessages(Category, "contoso", result.Source, result.PoolId, result.Valid, SampleBodies.Now);
        _pseudonymizer = new Pseudonymizer(new Dictionary<string, byte[]> { ["1"] = [.. Enumerable.Range(1, 32).Select(i => (byte)i)] }, "1");
        _identifiers = [.. Enumerable.Range(0, SampleBodies.RecordCount)
            .SelectMany(i => new[] { $"user{i}", $"sip:user{i}@contoso.com", $"203.0.113.{i % 250}" })];
    }

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

    [Benchmark(OperationsPerInvoke = SampleBodies.RecordCount)]
    public int ParseMessagesAndMap()
    {
        var rows = 0;
        foreach (var text in _messages)
        {
            rows += EntityMapper.Map(TelemetryMessage.Parse(text), _pseudonymizer).Count;
        }

        return rows;
    }

    [Benchmark(OperationsPerInvoke = SampleBodies.RecordCount)]
    public int HashThreeIdentifiersPerRecord()
    {
        var length = 0;
        foreach (var identifier in _identifiers)
        {
            length += _pseudonymizer.Hash(identifier).Length;
        }

        return length;
    }
}
