using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Tables;

public class EntityTypeTests
{
    public static TheoryData<string, object> Values => new()
    {
        { "string", "plain text with \"quotes\", é and emoji 😀" },
        { "empty string", string.Empty },
        { "bool", true },
        { "int32", int.MinValue },
        { "int64 beyond int32", 9_007_199_254_740_993L },
        { "int64 small", 5L },
        { "double", 3.141592653589793 },
        { "whole double", 2.0 },
        { "negative double", -1.5e-300 },
        { "date", new DateTimeOffset(2026, 11, 22, 4, 47, 39, 123, TimeSpan.Zero).AddTicks(4567) },
        { "guid", Guid.Parse("b3b2f1a0-4c5d-4e6f-8a9b-0c1d2e3f4a5b") },
        { "binary", new byte[] { 0, 1, 2, 254, 255 } },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task EveryEntityTypeRoundTripsWithItsClrType(string label, object value)
    {
        var table = await TestStorage.NewTableAsync("types");

        await table.UpsertEntityAsync(new TableEntity("p", label) { ["Value"] = value });
        var read = await table.GetEntityIfExistsAsync("p", label);

        Assert.NotNull(read);
        Assert.IsType(value.GetType(), read["Value"]);
        Assert.Equal(value, read["Value"]);
    }

    [Fact]
    public async Task TypesRoundTripThroughQueriesAndTransactions()
    {
        var table = await TestStorage.NewTableAsync("types");
        var entity = new TableEntity("p", "batch")
        {
            ["Long"] = 42L, ["Double"] = 7.0, ["Guid"] = Guid.NewGuid(), ["When"] = DateTimeOffset.UnixEpoch, ["Bytes"] = new byte[] { 9 },
        };

        await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, entity)]);
        var read = Assert.Single(Assert.Single(await table.QueryAsync().ToListAsync()).Values);

        foreach (var (name, value) in entity)
        {
            Assert.IsType(value!.GetType(), read[name]);
            Assert.Equal(value, read[name]);
        }
    }

    [Fact]
    public async Task DateTimeValuesAreStoredAsUtcAndReadAsDateTimeOffset()
    {
        var table = await TestStorage.NewTableAsync("dates");
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["When"] = utc });
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal(new DateTimeOffset(utc), Assert.IsType<DateTimeOffset>(read!["When"]));
    }

    [Fact]
    public async Task NullPropertiesAreNotStored()
    {
        var table = await TestStorage.NewTableAsync("nulls");

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Missing"] = null, ["Present"] = 1 });
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.False(read!.ContainsKey("Missing"));
        Assert.Equal(1, read["Present"]);
    }

    [Fact]
    public async Task UnsupportedPropertyTypesAreRefusedNamingTheProperty()
    {
        var table = await TestStorage.NewTableAsync("unsupported");

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => table.UpsertEntityAsync(new TableEntity("p", "r") { ["Price"] = 1.5m }));

        Assert.Contains("'Price'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Decimal", error.Message, StringComparison.Ordinal);
    }
}
