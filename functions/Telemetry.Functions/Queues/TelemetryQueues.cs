using System.Collections.Concurrent;
using Telemetry.Core;
using Telemetry.Storage;

namespace Telemetry.Functions.Queues;

/// <summary>The category queues and their poison queues, one client each.</summary>
public sealed class TelemetryQueues(Func<string, IQueueClient> createClient)
{
    /// <summary>How long an accepted message may wait in a queue (the queue's own retention).</summary>
    public static readonly TimeSpan MessageTimeToLive = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, IQueueClient> clients = new(StringComparer.Ordinal);

    /// <summary>Clients of the account's queues; tests pass their own factory to the other constructor.</summary>
    public TelemetryQueues(StorageAccount account)
        : this((account ?? throw new ArgumentNullException(nameof(account))).GetQueueClient)
    {
    }

    public IQueueClient For(TelemetryCategory category) => Get(TelemetryCategories.QueueName(category));

    public IQueueClient PoisonFor(TelemetryCategory category) => Get(TelemetryCategories.QueueName(category) + "-poison");

    private IQueueClient Get(string name) => clients.GetOrAdd(name, createClient);
}
