using System.Globalization;
using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Tables;

public class QueryTests
{
    [Fact]
    public async Task QueryFollowsContinuationAcrossMoreThanAThousandEntities()
    {
        var table = await TestStorage.NewTableAsync("continuation");
        const int count = 2_345;
        await WriteAsync(table, count, partitions: 3);

        var pages = await table.QueryAsync().ToListAsync();

        Assert.True(pages.Count >= 3, $"expected at least 3 pages, got {pages.Count}");
        Assert.All(pages.SkipLast(1), page => Assert.NotNull(page.ContinuationToken));
        Assert.Null(pages[^1].ContinuationToken);
        var keys = pages.SelectMany(p => p.Values).Select(e => (e.PartitionKey, e.RowKey)).ToList();
        Assert.Equal(count, keys.Count);
        Assert.Equal(count, keys.Distinct().Count());
    }

    [Fact]
    public async Task MaxPerPageBoundsEveryPage()
    {
        var table = await TestStorage.NewTableAsync("pagesize");
        await WriteAsync(table, 25, partitions: 1);

        var pages = await table.QueryAsync(maxPerPage: 10).ToListAsync();

        Assert.Equal([10, 10, 5], pages.Select(p => p.Values.Count));
    }

    [Fact]
    public async Task FilterAndSelectNarrowTheResult()
    {
        var table = await TestStorage.NewTableAsync("filter");
        await WriteAsync(table, 30, partitions: 3);

        var pages = await table.QueryAsync("PartitionKey eq 'p1' and Number ge 20", ["Number"]).ToListAsync();

        var entities = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal([22, 25, 28], entities.Select(e => (int)e["Number"]!).Order());
        Assert.All(entities, e => Assert.Equal("p1", e.PartitionKey));
        Assert.All(entities, e => Assert.False(e.ContainsKey("Text")));
    }

    [Fact]
    public async Task QueryWithQuotedStringLiteralsFindsKeysContainingQuotes()
    {
        var table = await TestStorage.NewTableAsync("quoted");
        await table.AddEntityAsync(new TableEntity("O'Brien", "it's"));
        await table.AddEntityAsync(new TableEntity("OBrien", "its"));

        var pages = await table.QueryAsync("PartitionKey eq 'O''Brien'").ToListAsync();

        var entity = Assert.Single(Assert.Single(pages).Values);
        Assert.Equal("it's", entity.RowKey);
    }

    [Fact]
    public async Task QueryResumesFromAContinuationToken()
    {
        var table = (TableClient)await TestStorage.NewTableAsync("resume");
        await WriteAsync(table, 12, partitions: 1);
        var first = await table.QueryAsync(maxPerPage: 5).FirstAsync();

        var rest = await table.QueryAsync(null, null, 5, first.ContinuationToken).ToListAsync();

        var all = first.Values.Concat(rest.SelectMany(p => p.Values)).Select(e => e.RowKey).ToList();
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Distinct().Count());
    }

    [Fact]
    public void ForeignContinuationTokenIsRefused()
    {
        var table = (TableClient)Offline.Account(new RecordingTransport()).GetTableClient("resume");

        Assert.Throws<ArgumentException>(() => table.QueryAsync(null, null, null, "not-a-token"));
    }

    [Fact]
    public async Task EmptyTableYieldsOneEmptyLastPage()
    {
        var table = await TestStorage.NewTableAsync("empty");

        var page = Assert.Single(await table.QueryAsync().ToListAsync());

        Assert.Empty(page.Values);
        Assert.Null(page.ContinuationToken);
    }

    // Writes in 100-entity transactions, the fast path on Azurite and in Azure.
    private static async Task WriteAsync(ITableClient table, int count, int partitions)
    {
        var entities = Enumerable.Range(0, count).Select(i => new TableEntity($"p{i % partitions}", i.ToString("D6", CultureInfo.InvariantCulture))
        {
            ["Number"] = i,
            ["Text"] = $"entity {i}",
        });
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList(), ct));
    }
}
