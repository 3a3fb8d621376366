using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Telemetry.Benchmarks;

/// <summary>Adds operations (= records) per second and allocations to the default columns.</summary>
public sealed class EventsConfig : ManualConfig
{
    public EventsConfig()
    {
        AddColumn(StatisticColumn.OperationsPerSecond);
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
