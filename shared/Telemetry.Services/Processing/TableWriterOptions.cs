namespace Telemetry.Services.Processing;

/// <summary>How one queue message becomes table rows.</summary>
public sealed class TableWriterOptions
{
    /// <summary>Entity group transactions in flight per message.</summary>
    public int MaxParallelPartitions { get; set; } = 8;
}
