using Azure;
using Azure.Data.Tables;

namespace Telemetry.Services.Storage;

/// <summary>A point read that tells a missing entity from a missing table.</summary>
internal static class TableReads
{
    /// <summary>
    /// The entity, or null when there is none. The SDK answers a missing table the same way as a missing entity;
    /// here a missing table throws, so that <see cref="StorageResources"/> can create it and a key lookup never
    /// mistakes lost storage for an unknown key.
    /// </summary>
    public static async Task<TableEntity?> FindAsync(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        // A selection leaves out the keys unless asked for; an entity always knows its own.
        var columns = select?.Union(["PartitionKey", "RowKey"], StringComparer.Ordinal);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, columns, cancellationToken);
        if (response.HasValue)
        {
            return response.Value;
        }

        var raw = response.GetRawResponse();
        return raw.Status == 404 && raw.Headers.TryGetValue("x-ms-error-code", out var code) && code == StorageErrorCodes.TableNotFound
            ? throw new RequestFailedException(raw)
            : null;
    }
}
