using Telemetry.Storage.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Storage.Tests.Tables;

public class TableClientTests
{
    [Fact]
    public async Task CreateIfNotExistsSucceedsTwice()
    {
        var table = (await TestStorage.AccountAsync()).GetTableClient(TestNames.Table("create"));

        await table.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task AddedEntityIsReadBackWithItsETag()
    {
        var table = await TestStorage.NewTableAsync("add");

        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "census" });
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.NotNull(read);
        Assert.Equal("census", read["Name"]);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task AddingAnExistingEntityIsRefusedAsAConflict()
    {
        var table = await TestStorage.NewTableAsync("conflict");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task UpsertReplaceDropsPropertiesThatMergeKeeps()
    {
        var table = await TestStorage.NewTableAsync("upsert");
        await table.UpsertEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 2 });
        await table.UpsertEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 2 });

        await table.UpsertEntityAsync(new TableEntity("p", "replace") { ["A"] = 10 }, TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity("p", "merge") { ["A"] = 10 }, TableUpdateMode.Merge);

        var replaced = await table.GetEntityIfExistsAsync("p", "replace");
        var merged = await table.GetEntityIfExistsAsync("p", "merge");
        Assert.Equal(10, replaced!["A"]);
        Assert.False(replaced.ContainsKey("B"));
        Assert.Equal(10, merged!["A"]);
        Assert.Equal(2, merged["B"]);
    }

    [Fact]
    public async Task UpdateWithTheCurrentETagSucceedsAndReturnsANewOne()
    {
        var table = await TestStorage.NewTableAsync("update");
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["Version"] = 1 });

        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 2 }, first);

        Assert.NotEqual(first, second);
        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "r"))!["Version"]);
    }

    [Fact]
    public async Task UpdateWithAStaleETagFailsWithPreconditionFailed()
    {
        var table = await TestStorage.NewTableAsync("stale");
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["Version"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 2 }, stale, TableUpdateMode.Merge);

        var error = await Assert.ThrowsAsync<StorageRequestException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Version"] = 3 }, stale));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "r"))!["Version"]);
    }

    [Fact]
    public async Task DeleteWithAStaleETagFailsAndKeepsTheEntity()
    {
        var table = await TestStorage.NewTableAsync("delstale");
        var stale = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Changed"] = true });

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.DeleteEntityAsync("p", "r", stale));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task DeleteWithTheCurrentETagRemovesTheEntity()
    {
        var table = await TestStorage.NewTableAsync("delete");
        var etag = await table.AddEntityAsync(new TableEntity("p", "r"));

        await table.DeleteEntityAsync("p", "r", etag);

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task PointReadSelectsOnlyTheNamedProperties()
    {
        var table = await TestStorage.NewTableAsync("select");
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Keep"] = "yes", ["Drop"] = "no" });

        var read = await table.GetEntityIfExistsAsync("p", "r", ["Keep"]);

        Assert.Equal("yes", read!["Keep"]);
        Assert.False(read.ContainsKey("Drop"));
    }

    [Theory]
    [InlineData("O'Brien", "it's")]
    [InlineData("Zoë café", "日本語 ключ")]
    [InlineData("a+b=c&d", "100% (sure)")]
    [InlineData("", "")]
    public async Task KeysWithQuotesNonAsciiAndReservedUrlCharactersRoundTrip(string partitionKey, string rowKey)
    {
        var table = await TestStorage.NewTableAsync("keys");

        await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 });
        await table.UpsertEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 2 }, TableUpdateMode.Merge);
        var read = await table.GetEntityIfExistsAsync(partitionKey, rowKey);
        await table.DeleteEntityAsync(partitionKey, rowKey);

        Assert.Equal(partitionKey, read!.PartitionKey);
        Assert.Equal(rowKey, read.RowKey);
        Assert.Equal(2, read["V"]);
        Assert.Null(await table.GetEntityIfExistsAsync(partitionKey, rowKey));
    }

    [Fact]
    public async Task DeleteIfExistsRemovesTheTableAndToleratesAMissingOne()
    {
        var table = (TableClient)await TestStorage.NewTableAsync("drop");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        await table.DeleteIfExistsAsync();
        await table.DeleteIfExistsAsync();

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.GetEntityIfExistsAsync("p", "r"));
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task ReadingFromAMissingTableReportsTableNotFound()
    {
        var table = (await TestStorage.AccountAsync()).GetTableClient(TestNames.Table("missing"));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }
}
