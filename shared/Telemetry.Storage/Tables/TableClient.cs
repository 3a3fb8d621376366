using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;

namespace Telemetry.Storage;

/// <summary>One table of an account, on the Table service REST API (JSON, OData minimal metadata). Thread-safe; cheap to create.</summary>
public sealed partial class TableClient : ITableClient
{
    /// <summary>The service's page size limit.</summary>
    public const int MaxPageSize = 1000;

    private static readonly RequestMethod Merge = new("MERGE");
    private readonly StoragePipeline _pipeline;

    internal TableClient(StoragePipeline pipeline, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableName().IsMatch(tableName))
        {
            throw new ArgumentException($"'{tableName}' is not a valid table name: 3 to 63 letters and digits, starting with a letter.", nameof(tableName));
        }

        _pipeline = pipeline;
        Name = tableName;
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = TableRequests.Create(_pipeline, RequestMethod.Post, Classifiers.CreatedOrConflict, "/Tables");
        TableRequests.SetJsonBody(message, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await _pipeline.SendAsync(message, "TableClient.CreateIfNotExists", cancellationToken).ConfigureAwait(false);
        if (response.Status == 409 && StorageErrors.FromResponse(response) is { ErrorCode: not "TableAlreadyExists" } error)
        {
            throw error;
        }
    }

    /// <summary>Deletes the table and its entities; succeeds when it does not exist.</summary>
    public async Task DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = TableRequests.Create(_pipeline, RequestMethod.Delete, Classifiers.NoContentOrNotFound, $"/Tables('{Name}')");
        await _pipeline.SendAsync(message, "TableClient.DeleteIfExists", cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, rowKey);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Get, Classifiers.OkOrNotFound, EntityPath(partitionKey, rowKey));
        TableRequests.AppendSelect(message, select);
        var response = await _pipeline.SendAsync(message, "TableClient.GetEntity", cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            // A missing table is a fault to report, not an absent entity.
            var error = StorageErrors.FromResponse(response);
            return error.ErrorCode is null or "ResourceNotFound" ? null : throw error;
        }

        return StoragePipeline.Read(response, r =>
        {
            using var document = JsonDocument.Parse(r.Content.ToMemory());
            var entity = TableEntityJson.Read(document.RootElement);
            entity.ETag ??= TableRequests.ETag(r);
            return entity;
        });
    }

    public async Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, entity.RowKey);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Post, Classifiers.NoContent, "/" + Name);
        TableRequests.SetJsonBody(message, TableEntityJson.Write(entity));
        var response = await _pipeline.SendAsync(message, "TableClient.AddEntity", cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, TableRequests.ETag);
    }

    public Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, ifMatch: null, "TableClient.UpsertEntity", cancellationToken);

    public Task<string> UpdateEntityAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        return WriteEntityAsync(entity, mode, ifMatch, "TableClient.UpdateEntity", cancellationToken);
    }

    public async Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, rowKey);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Delete, Classifiers.NoContent, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        await _pipeline.SendAsync(message, "TableClient.DeleteEntity", cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<TablePage> QueryAsync(string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        CheckPageSize(maxPerPage);
        return QueryPagesAsync(filter, select?.ToList(), maxPerPage, TableContinuation.Start, cancellationToken);
    }

    /// <summary>Resumes a query from a page's <see cref="TablePage.ContinuationToken"/> (null starts at the beginning).</summary>
    public IAsyncEnumerable<TablePage> QueryAsync(string? filter, IEnumerable<string>? select, int? maxPerPage, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var start = continuationToken is null ? TableContinuation.Start : TableContinuation.Parse(continuationToken);
        CheckPageSize(maxPerPage);
        return QueryPagesAsync(filter, select?.ToList(), maxPerPage, start, cancellationToken);
    }

    public Task SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var batch = new TableBatch(_pipeline.ServiceUri, Name, actions);
        return batch.SubmitAsync(_pipeline, cancellationToken);
    }

    private async Task<string> WriteEntityAsync(TableEntity entity, TableUpdateMode mode, string? ifMatch, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, entity.RowKey);
        var method = mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put;
        using var message = TableRequests.Create(_pipeline, method, Classifiers.NoContent, EntityPath(entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        TableRequests.SetJsonBody(message, TableEntityJson.Write(entity));
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, TableRequests.ETag);
    }

    private async IAsyncEnumerable<TablePage> QueryPagesAsync(
        string? filter, List<string>? select, int? maxPerPage, TableContinuation continuation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            using var message = TableRequests.Create(_pipeline, RequestMethod.Get, Classifiers.Ok, $"/{Name}()");
            TableRequests.AppendQuery(message, filter, select, maxPerPage);
            continuation.AppendTo(message.Request.Uri);
            var response = await _pipeline.SendAsync(message, "TableClient.Query", cancellationToken).ConfigureAwait(false);
            var entities = StoragePipeline.Read(response, TableRequests.ReadEntities);
            continuation = TableContinuation.From(response);
            yield return new TablePage(entities, continuation.Token);
        }
        while (!continuation.IsEnd);
    }

    private static void CheckPageSize(int? maxPerPage)
    {
        if (maxPerPage is { } top)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(top, 1, nameof(maxPerPage));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxPageSize, nameof(maxPerPage));
        }
    }

    private string EntityPath(string partitionKey, string rowKey) => "/" + Name + TableKeys.EntityPath(partitionKey, rowKey);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
