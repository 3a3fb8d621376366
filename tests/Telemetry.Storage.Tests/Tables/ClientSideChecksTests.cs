using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Tables;

/// <summary>What the table client refuses before sending anything: proven with a transport that records requests.</summary>
public class ClientSideChecksTests
{
    private readonly RecordingTransport _transport = new() { DefaultStatus = 204 };
    private readonly ITableClient _table;

    public ClientSideChecksTests() => _table = Offline.Account(_transport).GetTableClient("checks");

    public static TheoryData<string> RefusedKeys => ["a/b", "a\\b", "a#b", "a?b", "tab\there", "line\nbreak", "nul\0", "del\u007f", "c1\u0085"];

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task RefusedCharactersInAPartitionKeyNeverReachTheService(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.UpsertEntityAsync(new TableEntity(key, "r")));

        Assert.Equal("partitionKey", error.ParamName);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        Assert.Empty(_transport.Requests);
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task RefusedCharactersInARowKeyNeverReachTheServiceInAnyOperation(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _table.AddEntityAsync(new TableEntity("p", key)));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.GetEntityIfExistsAsync("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.UpdateEntityAsync(new TableEntity("p", key), "*"));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.DeleteEntityAsync("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync([Upsert("p", key)]));

        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task KeysLongerThanTheServiceAllowsAreRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _table.UpsertEntityAsync(new TableEntity("p", new string('k', 1025))));

        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task TransactionSpanningTwoPartitionsIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync([Upsert("p1", "a"), Upsert("p2", "b")]));

        Assert.Contains("Operation 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("PartitionKey", error.Message, StringComparison.Ordinal);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task TransactionNamingAnEntityTwiceIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync([Upsert("p", "a"), Upsert("p", "b"), Upsert("p", "a")]));

        Assert.Contains("Operation 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(_transport.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task TransactionsOutsideOneToAHundredOperationsAreRefused(int count)
    {
        var actions = Enumerable.Range(0, count).Select(i => Upsert("p", $"r{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync(actions));

        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task TransactionBodyOverFourMebibytesIsRefused()
    {
        var big = new string('x', 30_000);
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i}") { ["A"] = big, ["B"] = big }))
            .ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync(actions));

        Assert.Contains("4194304", error.Message, StringComparison.Ordinal);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task StringPropertiesOverTheServiceLimitAreRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Text"] = new string('x', 32 * 1024 + 1) }));

        Assert.Contains("'Text'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public void InvalidTableNamesAreRefused()
    {
        var account = Offline.Account(_transport);

        Assert.Throws<ArgumentException>(() => account.GetTableClient("1starts-with-digit"));
        Assert.Throws<ArgumentException>(() => account.GetTableClient("ab"));
        Assert.Throws<ArgumentException>(() => account.GetQueueClient("Upper"));
        Assert.Throws<ArgumentException>(() => account.GetQueueClient("double--hyphen"));
    }

    [Fact]
    public async Task TransactionRequestIsOneChangesetWithAbsoluteUrlsAndOneLineBodies()
    {
        _transport.Answer(202, "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_1\r\n\r\n--changesetresponse_1\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--changesetresponse_1--\r\n--batchresponse_1--\r\n");

        await _table.SubmitTransactionAsync([new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "it's") { ["V"] = 1L }, "W/\"etag\"")]);

        var request = Assert.Single(_transport.Requests);
        var body = System.Text.Encoding.UTF8.GetString(request.Body!);
        Assert.Equal("POST", request.Method);
        Assert.EndsWith("/devstoreaccount1/$batch", request.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("multipart/mixed; boundary=batch_", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("MERGE http://127.0.0.1:10002/devstoreaccount1/checks(PartitionKey='p',RowKey='it%27%27s') HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("If-Match: W/\"etag\"\r\n", body, StringComparison.Ordinal);
        Assert.Contains("\r\n{\"PartitionKey\":\"p\",\"RowKey\":\"it\\u0027s\",\"V@odata.type\":\"Edm.Int64\",\"V\":\"1\"}\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", body.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static TableTransactionAction Upsert(string partitionKey, string rowKey) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(partitionKey, rowKey));
}
