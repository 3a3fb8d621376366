using System.Security.Cryptography;
using System.Text;
using Azure.Core.Pipeline;
using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Pipeline;

/// <summary>
/// Fixed requests, date and key; the expected strings-to-sign are written out here from the documented formats
/// and signed independently, so a change in the signing code cannot move the expectation with it.
/// </summary>
public class SigningTests
{
    private const string AccountName = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Date = "Sun, 22 Nov 2026 04:47:39 GMT";
    private const string RequestId = "00000000-1111-2222-3333-444444444444";

    private const string SendAnswer =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>m1</MessageId>" +
        "<InsertionTime>Sun, 22 Nov 2026 04:47:39 GMT</InsertionTime><ExpirationTime>Sun, 22 Nov 2026 05:47:39 GMT</ExpirationTime>" +
        "<PopReceipt>AgAAAA+/=</PopReceipt><TimeNextVisible>Sun, 22 Nov 2026 04:48:09 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>";

    [Fact]
    public async Task QueuePutWithABodySignsItsContentLengthTypeHeadersAndSortedQuery()
    {
        var transport = new RecordingTransport().Answer(201, SendAnswer);
        var queue = AccountWith(transport).GetQueueClient("myqueue");

        using (HttpPipeline.CreateClientRequestIdScope(RequestId))
        {
            await queue.SendMessageAsync("hello", TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        }

        var request = Assert.Single(transport.Requests);
        const string body = "<QueueMessage><MessageText>hello</MessageText></QueueMessage>";
        Assert.Equal(body, Encoding.UTF8.GetString(request.Body!));
        var expected =
            "POST\n\n\n61\n\napplication/xml\n\n\n\n\n\n\n" +
            $"x-ms-client-request-id:{RequestId}\nx-ms-date:{Date}\nx-ms-return-client-request-id:true\nx-ms-version:2025-11-05\n" +
            $"/{AccountName}/{AccountName}/myqueue/messages\nmessagettl:3600\nvisibilitytimeout:30";
        Assert.Equal(61, body.Length);
        Assert.Equal($"SharedKey {AccountName}:{Sign(expected)}", request.Headers["Authorization"]);
        Assert.Equal(Date, request.Headers["x-ms-date"]);
    }

    [Fact]
    public async Task QueueDeleteSignsAnEmptyContentLengthAndTheDecodedPopReceipt()
    {
        var transport = new RecordingTransport().Answer(204);
        var queue = AccountWith(transport).GetQueueClient("myqueue");

        using (HttpPipeline.CreateClientRequestIdScope(RequestId))
        {
            await queue.DeleteMessageAsync("m1", "AgAAAA+/=");
        }

        var request = Assert.Single(transport.Requests);
        Assert.Contains("popreceipt=AgAAAA%2B%2F%3D", request.Uri.AbsoluteUri, StringComparison.Ordinal);
        var expected =
            "DELETE\n\n\n\n\n\n\n\n\n\n\n\n" +
            $"x-ms-client-request-id:{RequestId}\nx-ms-date:{Date}\nx-ms-return-client-request-id:true\nx-ms-version:2025-11-05\n" +
            $"/{AccountName}/{AccountName}/myqueue/messages/m1\npopreceipt:AgAAAA+/=";
        Assert.Equal($"SharedKey {AccountName}:{Sign(expected)}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task TableRequestIsSignedWithSharedKeyLiteOverDateAndEncodedPath()
    {
        var transport = new RecordingTransport().Answer(404);
        var table = AccountWith(transport).GetTableClient("tab1");

        await table.GetEntityIfExistsAsync("O'Brien", "é");

        var request = Assert.Single(transport.Requests);
        var expected = $"{Date}\n/{AccountName}/{AccountName}/tab1(PartitionKey='O%27%27Brien',RowKey='%C3%A9')";
        Assert.Equal($"SharedKeyLite {AccountName}:{Sign(expected)}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task TableQueryParametersOtherThanCompAreNotSigned()
    {
        var transport = new RecordingTransport().Answer(200, "{\"value\":[]}");
        var table = AccountWith(transport).GetTableClient("tab1");

        await foreach (var _ in table.QueryAsync("PartitionKey eq 'p'", maxPerPage: 5))
        {
        }

        var request = Assert.Single(transport.Requests);
        Assert.Contains("$top=5", request.Uri.Query, StringComparison.Ordinal);
        Assert.Equal($"SharedKeyLite {AccountName}:{Sign($"{Date}\n/{AccountName}/{AccountName}/tab1()")}", request.Headers["Authorization"]);
    }

    private static StorageAccount AccountWith(RecordingTransport transport)
    {
        var options = new StorageClientOptions { Transport = transport, TimeProvider = new FixedTimeProvider(new DateTimeOffset(2026, 11, 22, 4, 47, 39, TimeSpan.Zero)) };
        return StorageAccount.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={Key};" +
            $"QueueEndpoint=http://127.0.0.1:10001/{AccountName};TableEndpoint=http://127.0.0.1:10002/{AccountName};",
            options);
    }

    private static string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));
}
