using Azure.Storage.Queues;

namespace Telemetry.LocalHost.Configuration;

/// <summary>host.json <c>extensions.queues</c>, with the defaults and limits of the WebJobs queue extension.</summary>
internal sealed record QueuesOptions
{
    public const int DefaultBatchSize = 16;
    public const int MaxBatchSize = 32;
    public const int DefaultMaxDequeueCount = 5;
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultMaxPollingInterval = TimeSpan.FromMinutes(1);

    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Fetch the next batch once this few messages are still in flight.</summary>
    public int NewBatchThreshold { get; init; } = DefaultBatchSize / 2 * Environment.ProcessorCount;

    /// <summary>How long a failed message stays invisible before its next try.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; init; } = DefaultMaxDequeueCount;

    /// <summary>The longest wait between two polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = DefaultMaxPollingInterval;

    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;
}
