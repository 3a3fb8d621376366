using Azure;
using Azure.Data.Tables;
using Telemetry.Core;

namespace Telemetry.Services.Storage;

/// <summary>Deleting many entities: per partition, in entity group transactions of at most 100.</summary>
internal static class TableDeletes
{
    /// <summary>
    /// Deletes the entities, whatever their version. A transaction fails as a whole when one of its entities is
    /// already gone (another run deleted it first); its entities are then deleted one by one, which never fails
    /// for a missing one. Either way the entities are gone afterwards, so running it again is harmless.
    /// </summary>
    public static async Task DeleteAllAsync(this TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var partition in entities.GroupBy(entity => entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(RowTransactions.MaxOperations))
            {
                try
                {
                    await table.SubmitTransactionAsync(
                        chunk.Select(entity => new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All)), cancellationToken);
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    foreach (var entity in chunk)
                    {
                        await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
                    }
                }
            }
        }
    }
}
