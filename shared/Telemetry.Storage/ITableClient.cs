namespace Telemetry.Storage;

/// <summary>
/// One Azure Storage table. Shaped like Azure.Data.Tables' TableClient so that the official SDK can
/// stand behind this interface later.
/// </summary>
public interface ITableClient
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Creates the table when it does not exist yet; succeeds when it does.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Point read; null when the entity does not exist. The result carries its ETag.</summary>
    Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default);

    /// <summary>Inserts; fails with 409 (EntityAlreadyExists) when it exists. Returns the new ETag.</summary>
    Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Insert-or-replace / insert-or-merge without a condition. Returns the new ETag.</summary>
    Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default);

    /// <summary>Replace or merge when the stored ETag matches <paramref name="ifMatch"/> ("*" for any); 412 otherwise. Returns the new ETag.</summary>
    Task<string> UpdateEntityAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default);

    /// <summary>Deletes when the stored ETag matches <paramref name="ifMatch"/> ("*" for any).</summary>
    Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default);

    /// <summary>Queries page by page, following continuation tokens until the last page.</summary>
    IAsyncEnumerable<TablePage> QueryAsync(string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs up to 100 operations on one partition as one atomic entity group transaction.
    /// Throws <see cref="TableTransactionFailedException"/> (with the failing operation's index) when any fails.
    /// </summary>
    Task SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default);
}

/// <summary>Replace writes the whole entity; Merge keeps properties the request does not name.</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}

/// <summary>One page of a query; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Values, string? ContinuationToken);

/// <summary>The kinds of operation an entity group transaction may hold.</summary>
public enum TableTransactionActionType
{
    Add,
    UpsertReplace,
    UpsertMerge,
    UpdateReplace,
    UpdateMerge,
    Delete,
}

/// <summary>One operation of an entity group transaction. <see cref="ETag"/> applies to Update and Delete ("*" when null).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, string? ETag = null);
