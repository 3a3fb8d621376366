namespace Telemetry.Core.Tests.Entities;

/// <summary>Rows cut into the entity group transactions Azure accepts: one table, one partition, each entity once, at most 100.</summary>
public class RowTransactionsTests
{
    private static TelemetryRow Row(string table, string partitionKey, string rowKey, int version = 0) =>
        new(table, partitionKey, rowKey, new Dictionary<string, object?> { ["Version"] = version });

    [Fact]
    public void Each_transaction_holds_one_table_and_one_partition_and_at_most_100_rows()
    {
        var rows = Enumerable.Range(0, 250).Select(i => Row(i % 2 == 0 ? "Usage" : "ErrorReports", $"p{i % 3}", $"r{i}")).ToList();

        var transactions = RowTransactions.Cut(rows);

        Assert.All(transactions, t =>
        {
            Assert.InRange(t.Rows.Count, 1, RowTransactions.MaxOperations);
            Assert.All(t.Rows, row => Assert.Equal((t.Table, t.PartitionKey), (row.Table, row.PartitionKey)));
        });
        Assert.Equal(rows.Select(r => (r.Table, r.PartitionKey, r.RowKey)).Order(), transactions.SelectMany(t => t.Rows).Select(r => (r.Table, r.PartitionKey, r.RowKey)).Order());
    }

    [Fact]
    public void A_partition_of_250_rows_is_cut_into_100_100_and_50()
    {
        var rows = Enumerable.Range(0, 250).Select(i => Row("Usage", "p", $"r{i:D3}")).ToList();

        var transactions = RowTransactions.Cut(rows);

        Assert.Equal([100, 100, 50], transactions.Select(t => t.Rows.Count));
        Assert.Equal(rows.Select(r => r.RowKey), transactions.SelectMany(t => t.Rows).Select(r => r.RowKey));
    }

    [Fact]
    public void A_row_key_repeated_within_a_partition_is_written_once_and_the_last_copy_wins()
    {
        var rows = new[] { Row("Usage", "p", "same", version: 1), Row("Usage", "p", "other"), Row("Usage", "p", "same", version: 2) };

        var transaction = Assert.Single(RowTransactions.Cut(rows));

        Assert.Equal(2, transaction.Rows.Count);
        Assert.Equal(2, transaction.Rows.Single(r => r.RowKey == "same").Properties["Version"]);
    }

    [Fact]
    public void The_same_row_key_in_two_partitions_or_tables_is_two_entities()
    {
        var rows = new[] { Row("Usage", "p1", "id"), Row("Usage", "p2", "id"), Row("ErrorReports", "p1", "id") };

        Assert.Equal(3, RowTransactions.Cut(rows).Count);
    }

    [Fact]
    public void No_rows_make_no_transactions()
    {
        Assert.Empty(RowTransactions.Cut([]));
    }
}
