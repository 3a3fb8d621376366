using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Pipeline;

public class RetryAndErrorTests
{
    private const string SendAnswer =
        "<QueueMessagesList><QueueMessage><MessageId>m1</MessageId><InsertionTime>Sun, 22 Nov 2026 04:47:39 GMT</InsertionTime>" +
        "<ExpirationTime>Sun, 29 Nov 2026 04:47:39 GMT</ExpirationTime><PopReceipt>r1</PopReceipt>" +
        "<TimeNextVisible>Sun, 22 Nov 2026 04:47:39 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>";

    [Fact]
    public async Task TransientServerBusyIsRetriedUntilTheServiceAccepts()
    {
        var transport = new RecordingTransport()
            .Answer(503, "<Error><Code>ServerBusy</Code><Message>busy</Message></Error>", ("x-ms-error-code", "ServerBusy"))
            .Answer(201, SendAnswer);
        var queue = Offline.Account(transport, maxRetries: 3).GetQueueClient("retried");

        var receipt = await queue.SendMessageAsync("payload");

        Assert.Equal("m1", receipt.MessageId);
        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(transport.Requests[0].Body, transport.Requests[1].Body);
        Assert.NotEqual(transport.Requests[0].Headers["Authorization"], string.Empty);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task TransientStatusesAreRetried(int status)
    {
        var transport = new RecordingTransport().Answer(status).Answer(204);
        var table = Offline.Account(transport, maxRetries: 2).GetTableClient("retried");

        await table.DeleteEntityAsync("p", "r");

        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task ExhaustedRetriesSurfaceTheLastStatusAndCode()
    {
        var transport = new RecordingTransport { DefaultStatus = 503 };
        var table = Offline.Account(transport, maxRetries: 2).GetTableClient("retried");

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.DeleteEntityAsync("p", "r"));

        Assert.Equal(503, error.Status);
        Assert.Equal(3, transport.Requests.Count);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetriedAndCarryTheServiceCodeAndMessage()
    {
        var transport = new RecordingTransport().Answer(
            409,
            "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified entity already exists.\\nRequestId:abc\\nTime:2026\"}}}",
            ("x-ms-error-code", "EntityAlreadyExists"));
        var table = Offline.Account(transport, maxRetries: 3).GetTableClient("conflicts");

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Single(transport.Requests);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal("The storage service refused the request: 409 (EntityAlreadyExists): The specified entity already exists.", error.Message);
    }

    [Fact]
    public async Task ErrorCodeIsTakenFromTheBodyWhenTheHeaderIsMissing()
    {
        var transport = new RecordingTransport().Answer(404, "<?xml version=\"1.0\"?><Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.</Message></Error>");
        var queue = Offline.Account(transport).GetQueueClient("missing");

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(5)));

        Assert.Equal("QueueNotFound", error.ErrorCode);
        Assert.Contains("The specified queue does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServiceIsReportedAsAStorageRequestWithoutStatus()
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        var account = StorageAccount.FromConnectionString(
            Offline.ConnectionString.Replace(":10001/", $":{UnusedPort()}/", StringComparison.Ordinal), options);

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => account.CheckQueueServiceAsync());

        Assert.Equal(0, error.Status);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task CallerCancellationIsNotDisguisedAsAStorageFailure()
    {
        var table = Offline.Account(new RecordingTransport()).GetTableClient("cancelled");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.GetEntityIfExistsAsync("p", "r", cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task UnreadableAnswersAreReportedAsStorageFailures()
    {
        var transport = new RecordingTransport().Answer(200, "not json").Answer(200, "<QueueMessagesList><QueueMessage><MessageId>m").Answer(202, "no parts");
        var account = Offline.Account(transport);

        var entity = await Assert.ThrowsAsync<StorageRequestException>(() => account.GetTableClient("broken").GetEntityIfExistsAsync("p", "r"));
        var messages = await Assert.ThrowsAsync<StorageRequestException>(() => account.GetQueueClient("broken").ReceiveMessagesAsync(1, TimeSpan.FromSeconds(5)));
        var batch = await Assert.ThrowsAsync<StorageRequestException>(() => account.GetTableClient("broken").SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("p", "r"))]));

        Assert.Equal(200, entity.Status);
        Assert.Equal(200, messages.Status);
        Assert.Equal(202, batch.Status);
        Assert.Contains("could not be read", entity.Message, StringComparison.Ordinal);
        Assert.Contains("held no operation results", batch.Message, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
