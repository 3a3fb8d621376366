using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Telemetry.Core;

namespace Telemetry.Services.Storage;

/// <summary>The category queues, the purge queue and their poison queues, one client each, opened by name.</summary>
public sealed class TelemetryQueues(Func<string, QueueClient> open)
{
    /// <summary>
    /// Message text is stored as it is, matching host.json's <c>extensions.queues.messageEncoding</c> ("none"), so the
    /// queue trigger reads exactly what ingestion wrote.
    /// </summary>
    public const QueueMessageEncoding MessageEncoding = QueueMessageEncoding.None;

    /// <summary>How long an accepted message may wait in a queue (the queue's own retention).</summary>
    public static readonly TimeSpan MessageTimeToLive = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);

    public QueueClient For(TelemetryCategory category) => Get(TelemetryCategories.QueueName(category));

    public QueueClient PoisonFor(TelemetryCategory category) => Get(StorageNames.PoisonQueue(category));

    /// <summary>The queue of deleted tenants' purges.</summary>
    public QueueClient TenantPurge => Get(StorageNames.TenantPurgeQueue);

    /// <summary>Every queue of <see cref="StorageNames.Queues"/>.</summary>
    public IEnumerable<QueueClient> All => StorageNames.Queues.Select(Get);

    private QueueClient Get(string name) => _clients.GetOrAdd(name, open);
}
