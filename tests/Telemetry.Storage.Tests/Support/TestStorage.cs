using Telemetry.Testing;

namespace Telemetry.Storage.Tests.Support;

/// <summary>Clients on the shared Azurite, each test on its own fresh queue or table.</summary>
internal static class TestStorage
{
    public static async Task<StorageAccount> AccountAsync(StorageClientOptions? options = null)
    {
        var server = await AzuriteServer.SharedAsync();
        return StorageAccount.FromConnectionString(server.ConnectionString, options);
    }

    public static async Task<IQueueClient> NewQueueAsync(string prefix)
    {
        var queue = (await AccountAsync()).GetQueueClient(TestNames.Queue(prefix));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    public static async Task<ITableClient> NewTableAsync(string prefix)
    {
        var table = (await AccountAsync()).GetTableClient(TestNames.Table(prefix));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
