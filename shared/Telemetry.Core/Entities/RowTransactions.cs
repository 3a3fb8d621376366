namespace Telemetry.Core;

/// <summary>Rows for one entity group transaction: one table, one PartitionKey, each RowKey once, at most 100.</summary>
public sealed record RowTransaction(string Table, string PartitionKey, IReadOnlyList<TelemetryRow> Rows);

/// <summary>Cuts rows into the transactions Table Storage accepts (Azurite does not check the one-partition rule; Azure does).</summary>
public static class RowTransactions
{
    /// <summary>The most operations one entity group transaction may hold.</summary>
    public const int MaxOperations = 100;

    /// <summary>
    /// Groups by (table, PartitionKey) in first-seen order and cuts each group into chunks of at most
    /// <see cref="MaxOperations"/>. A transaction may not touch one entity twice: of a repeated RowKey the
    /// last row wins, as it would on redelivery.
    /// </summary>
    public static IReadOnlyList<RowTransaction> Cut(IReadOnlyList<TelemetryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var transactions = new List<RowTransaction>();
        foreach (var partition in rows.GroupBy(row => (row.Table, row.PartitionKey)))
        {
            var unique = partition.GroupBy(row => row.RowKey, StringComparer.Ordinal).Select(group => group.Last());
            foreach (var chunk in unique.Chunk(MaxOperations))
            {
                transactions.Add(new RowTransaction(partition.Key.Table, partition.Key.PartitionKey, chunk));
            }
        }

        return transactions;
    }
}
