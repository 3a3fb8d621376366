using Azure.Data.Tables;

namespace Telemetry.Testing.Service;

/// <summary>Reads the telemetry tables with the official SDK, as an analyst or Storage Explorer would.</summary>
public sealed class StoredRows(AzuriteServer storage)
{
    public const string Census = "Census";
    public const string Usage = "Usage";
    public const string ErrorReports = "ErrorReports";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TableServiceClient _tables = new(storage?.ConnectionString);

    /// <summary>How many rows of <paramref name="table"/> carry each record id (the RowKey), by id.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountAsync(string table, IEnumerable<string> ids)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var client = _tables.GetTableClient(table);
        foreach (var id in ids)
        {
            var count = 0;
            await foreach (var _ in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}"), select: ["RowKey"]).ConfigureAwait(false))
            {
                count++;
            }

            counts[id] = count;
        }

        return counts;
    }

    /// <summary>Waits (generously) until every id has a row; returns the counts then, or at the deadline.</summary>
    public async Task<IReadOnlyDictionary<string, int>> WaitForAsync(string table, IReadOnlyCollection<string> ids)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var counts = await CountAsync(table, ids).ConfigureAwait(false);
            if (counts.Values.All(c => c > 0) || DateTime.UtcNow > until)
            {
                return counts;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>How many rows of <paramref name="table"/> match <paramref name="filter"/> (values quoted and escaped by the SDK).</summary>
    public async Task<int> CountWhereAsync(string table, FormattableString filter)
    {
        var count = 0;
        await foreach (var _ in _tables.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter(filter), select: ["RowKey"]).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>Waits (generously) until at least <paramref name="expected"/> rows match; returns the count then, or at the deadline.</summary>
    public async Task<int> WaitForCountAsync(string table, FormattableString filter, int expected)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var count = await CountWhereAsync(table, filter).ConfigureAwait(false);
            if (count >= expected || DateTime.UtcNow > until)
            {
                return count;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>The rows of <paramref name="table"/> whose RowKey is <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<TableEntity>> ReadAsync(string table, string id)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.GetTableClient(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}")).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
