using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Telemetry.Benchmarks;

/// <summary>
/// The queue side for the same 500 records: parse the queue messages, pseudonymize and map to rows
/// (EntityMapper.Map), and the keyed hash alone (three identifiers per error record).
/// </summary>
public class ProcessingBenchmarks
{
    private byte[] _body = [];
    private IReadOnlyList<string> _messages = [];
    private IReadOnlyList<TelemetryMessage> _parsed = [];
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
        _parsed = [.. _messages.Select(TelemetryMessage.Parse)];
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
    public int MapParsedMessages()
    {
        var rows = 0;
        foreach (var message in _parsed)
        {
            rows += EntityMapper.Map(message, _pseudonymizer).Count;
        }

        return rows;
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
