using Azure.Core;
using Azure.Core.Pipeline;

namespace Telemetry.Storage;

/// <summary>
/// A storage account's Queue and Table services: one HTTP pipeline each (retries, authorization), shared by
/// every client it hands out. Shared Key signs queue requests and Shared Key Lite table requests when a
/// connection string is used; Entra ID bearer tokens otherwise.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The OAuth scope for Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly StoragePipeline _queues;
    private readonly StoragePipeline _tables;

    private StorageAccount(StoragePipeline queues, StoragePipeline tables)
    {
        _queues = queues;
        _tables = tables;
    }

    public Uri QueueServiceUri => _queues.ServiceUri;

    public Uri TableServiceUri => _tables.ServiceUri;

    internal StoragePipeline QueuePipeline => _queues;

    internal StoragePipeline TablePipeline => _tables;

    /// <summary>From a connection string (UseDevelopmentStorage=true included).</summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var credential = new SharedKeyCredential(parsed.AccountName, parsed.AccountKey);
        options ??= new StorageClientOptions();
        return new StorageAccount(
            new StoragePipeline(Trim(parsed.QueueEndpoint), options, new SharedKeyPolicy(credential)),
            new StoragePipeline(Trim(parsed.TableEndpoint), options, new SharedKeyLitePolicy(credential)));
    }

    /// <summary>With Entra ID bearer tokens for <see cref="StorageScope"/>; the URIs must be https.</summary>
    public static StorageAccount FromServiceUris(Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new StorageClientOptions();
        return new StorageAccount(
            new StoragePipeline(Trim(queueServiceUri), options, new BearerTokenAuthenticationPolicy(credential, StorageScope)),
            new StoragePipeline(Trim(tableServiceUri), options, new BearerTokenAuthenticationPolicy(credential, StorageScope)));
    }

    /// <summary>
    /// From settings named like the Functions host's: <paramref name="name"/> as a connection string, or else
    /// <c>{name}__queueServiceUri</c>, <c>__tableServiceUri</c>, <c>__credential</c> (managedidentity), <c>__clientId</c>.
    /// Throws <see cref="InvalidOperationException"/> naming a missing or unusable setting.
    /// </summary>
    public static StorageAccount FromSettings(Func<string, string?> getSetting, string name = "AzureWebJobsStorage", StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(getSetting);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return StorageSettings.Create(getSetting, name, options);
    }

    public IQueueClient GetQueueClient(string queueName) => new QueueClient(_queues, queueName);

    public ITableClient GetTableClient(string tableName) => new TableClient(_tables, tableName);

    /// <summary>Lists at most one queue: proves the Queue service answers and accepts our authorization.</summary>
    public async Task CheckQueueServiceAsync(CancellationToken cancellationToken = default)
    {
        using var message = _queues.CreateMessage(RequestMethod.Get, Classifiers.Ok);
        message.Request.Uri.AppendPath("/", escape: false);
        message.Request.Uri.AppendQuery("comp", "list");
        message.Request.Uri.AppendQuery("maxresults", "1");
        await _queues.SendAsync(message, "StorageAccount.CheckQueueService", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists at most one table: proves the Table service answers and accepts our authorization.</summary>
    public async Task CheckTableServiceAsync(CancellationToken cancellationToken = default)
    {
        using var message = TableRequests.Create(_tables, RequestMethod.Get, Classifiers.Ok, "/Tables");
        message.Request.Uri.AppendQuery("$top", "1");
        await _tables.SendAsync(message, "StorageAccount.CheckTableService", cancellationToken).ConfigureAwait(false);
    }

    private static Uri Trim(Uri uri) => new(uri.AbsoluteUri.TrimEnd('/'));
}
