using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Tables;

public class TransactionTests
{
    [Fact]
    public async Task TransactionAppliesEveryKindOfOperation()
    {
        var table = await TestStorage.NewTableAsync("kinds");
        var etag = await table.AddEntityAsync(new TableEntity("p", "update") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "upsert-merge") { ["A"] = 1, ["B"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "delete"));

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = 2 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "update") { ["A"] = 2 }, etag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["A"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "replace") { ["A"] = 2 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["A"] = 2 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "add"))!["A"]);
        Assert.False((await table.GetEntityIfExistsAsync("p", "update"))!.ContainsKey("B"));
        Assert.Equal(1, (await table.GetEntityIfExistsAsync("p", "merge"))!["B"]);
        Assert.False((await table.GetEntityIfExistsAsync("p", "replace"))!.ContainsKey("B"));
        Assert.Equal(1, (await table.GetEntityIfExistsAsync("p", "upsert-merge"))!["B"]);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "delete"));
    }

    [Fact]
    public async Task FailingOperationLeavesNothingWrittenAndReportsItsIndex()
    {
        var table = await TestStorage.NewTableAsync("atomic");
        await table.AddEntityAsync(new TableEntity("p", "exists") { ["Original"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new-0")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "new-1")),
            new(TableTransactionActionType.Add, new TableEntity("p", "exists")),
            new(TableTransactionActionType.Add, new TableEntity("p", "new-3")),
        ]));

        Assert.Equal(2, error.FailedIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var remaining = (await table.QueryAsync().ToListAsync()).SelectMany(p => p.Values).ToList();
        var only = Assert.Single(remaining);
        Assert.Equal("exists", only.RowKey);
        Assert.Equal(true, only["Original"]);
    }

    [Fact]
    public async Task StaleETagInATransactionFailsWithPreconditionFailed()
    {
        var table = await TestStorage.NewTableAsync("batchetag");
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "other")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "r") { ["V"] = 3 }, stale),
        ]));

        Assert.Equal(1, error.FailedIndex);
        Assert.Equal(412, error.Status);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "other"));
    }

    [Fact]
    public async Task HundredOperationsCommitTogether()
    {
        var table = await TestStorage.NewTableAsync("hundred");

        await table.SubmitTransactionAsync(Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i:D3}") { ["I"] = i }))
            .ToList());

        var entities = (await table.QueryAsync().ToListAsync()).SelectMany(p => p.Values).ToList();
        Assert.Equal(Enumerable.Range(0, 100), entities.Select(e => (int)e["I"]!).Order());
    }

    [Fact]
    public async Task TransactionWithKeysNeedingEscapesCommits()
    {
        var table = await TestStorage.NewTableAsync("batchkeys");

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity("Zoë's", "café 'ü'") { ["V"] = 1 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("Zoë's", "a+b %20")),
        ]);

        Assert.Equal(1, (await table.GetEntityIfExistsAsync("Zoë's", "café 'ü'"))!["V"]);
        Assert.NotNull(await table.GetEntityIfExistsAsync("Zoë's", "a+b %20"));
    }
}
