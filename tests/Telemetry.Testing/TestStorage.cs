using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Telemetry.Testing;

/// <summary>
/// The official SDK's clients on an Azurite instance, the way a test looks at queues and tables directly. Queue
/// message text is read and written as it is (no Base64), as the service writes it.
/// </summary>
public sealed class TestStorage(string connectionString, HttpPipelineTransport? transport = null)
{
    public QueueServiceClient Queues { get; } = new(connectionString, Options(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, transport));

    public TableServiceClient Tables { get; } = new(connectionString, Options(new TableClientOptions(), transport));

    public QueueClient GetQueueClient(string name) => Queues.GetQueueClient(name);

    public TableClient GetTableClient(string name) => Tables.GetTableClient(name);

    /// <summary>A new queue of its own, created.</summary>
    public async Task<QueueClient> NewQueueAsync(string prefix)
    {
        var queue = GetQueueClient(TestNames.Queue(prefix));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>A new table of its own, created.</summary>
    public async Task<TableClient> NewTableAsync(string prefix)
    {
        var table = GetTableClient(TestNames.Table(prefix));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static T Options<T>(T options, HttpPipelineTransport? transport)
        where T : Azure.Core.ClientOptions
    {
        // A test's own look at storage retries quickly; a fault it injects is not worth waiting for.
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        if (transport is not null)
        {
            options.Transport = transport;
        }

        return options;
    }
}
