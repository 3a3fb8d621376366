using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Xunit.Abstractions;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The packaged handler, started exactly as the Functions host starts it, serves what the host sends.</summary>
[Collection(PackagedHandlerCollection.Name)]
public sealed class HostedHandlerTests(PackagedHandlerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private HostedHandler Handler => fixture.Handler;

    private TestStorage Storage => new(fixture.Azurite.ConnectionString);

    [Fact]
    public async Task The_handler_started_from_the_app_root_answers_the_readiness_probe_within_the_hosts_limit()
    {
        output.WriteLine($"handler answered GET / {Handler.StartupTime.TotalMilliseconds:F0} ms after start");

        using var response = await Handler.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(Handler.StartupTime, TimeSpan.Zero, HostedHandler.HostStartupLimit);
    }

    [Fact]
    public async Task A_forwarded_ingestion_request_is_queued_as_plain_json_that_the_host_delivers_back_and_the_handler_stores()
    {
        var apiKey = await RegisterTenantAsync("contract-" + Guid.NewGuid().ToString("N")[..8]);
        var recordId = Guid.NewGuid();

        // The host forwards the client's request as it is, /api prefix included.
        using var accepted = await PostUntilQueuedAsync("/api/v1/usage", apiKey, UsageBody(recordId));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // host.json says messageEncoding "none": the queue holds the JSON text itself, not Base64.
        var message = await ReceiveMessageHoldingAsync(TelemetryCategories.QueueName(TelemetryCategory.Usage), recordId);
        Assert.StartsWith("{", message.MessageText, StringComparison.Ordinal);
        var parsed = TelemetryMessage.Parse(message.MessageText);
        Assert.Equal(TelemetryCategory.Usage, parsed.Category);

        // Then the host invokes the queue function with its double-encoded JSON payload.
        using var invocation = await Handler.Client.PostAsync(
            new Uri("/ProcessUsage", UriKind.Relative),
            new StringContent(HostPayload("ProcessUsage", message), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, invocation.StatusCode);
        Assert.Equal("application/json", invocation.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(await invocation.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"), answer.ToJsonString());

        var rows = await QueryAsync(TelemetryCategories.TableName(TelemetryCategory.Usage), $"RowKey eq '{recordId:D}'");
        var row = Assert.Single(rows);
        Assert.Equal("Teams", row["AppName"]);
    }

    [Fact]
    public async Task A_queue_invocation_the_handler_cannot_decode_fails_so_the_host_retries_it()
    {
        using var response = await Handler.Client.PostAsync(
            new Uri("/ProcessUsage", UriKind.Relative),
            new StringContent("""{"Data":{"message":"\"not a telemetry message\""},"Metadata":{"DequeueCount":"1"}}""", Encoding.UTF8, "application/json"));

        Assert.False(response.IsSuccessStatusCode, $"Expected a failure status, got {(int)response.StatusCode}.");
    }

    [Fact]
    public async Task The_handler_never_writes_the_admin_key_or_an_ingestion_key_to_its_output()
    {
        var apiKey = await RegisterTenantAsync("contract-" + Guid.NewGuid().ToString("N")[..8]);
        using var response = await PostUntilQueuedAsync("/api/v1/usage", apiKey, UsageBody(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain(LocalSettings.AdminKey, Handler.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, Handler.Output, StringComparison.Ordinal);
    }

    private async Task<string> RegisterTenantAsync(string tenantId)
    {
        using var response = await SendUntilStorageIsReadyAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/tenants/{tenantId}", UriKind.Relative))
            {
                Content = JsonContent.Create(new { displayName = "Contract test tenant" }),
            };
            request.Headers.Add("x-admin-key", LocalSettings.AdminKey);
            return request;
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string?)body["key"] ?? throw new InvalidDataException("The registration answer holds no key.");
    }

    private Task<HttpResponseMessage> PostUntilQueuedAsync(string route, string apiKey, string body) =>
        SendUntilStorageIsReadyAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", apiKey);
            return request;
        });

    // The handler creates its queues and tables at start-up; until then a request may be answered 503.
    private async Task<HttpResponseMessage> SendUntilStorageIsReadyAsync(Func<HttpRequestMessage> create)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var request = create();
            var response = await Handler.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(250);
        }
    }

    private async Task<QueueMessage> ReceiveMessageHoldingAsync(string queueName, Guid recordId)
    {
        var queue = Storage.GetQueueClient(queueName);
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            var match = messages.FirstOrDefault(m => m.MessageText.Contains(recordId.ToString("D"), StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No message in {queueName} holds record {recordId}.");
    }

    private async Task<List<TableEntity>> QueryAsync(string tableName, string filter)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Storage.GetTableClient(tableName).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string UsageBody(Guid recordId) => JsonSerializer.Serialize(new
    {
        source = "client",
        records = new[]
        {
            new { id = recordId, timestamp = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture), appName = "Teams" },
        },
    });

    // The host binds the message as a string and serializes it again: Data.message and the metadata strings
    // are JSON strings whose content is one more JSON string literal; DequeueCount is a string.
    private static string HostPayload(string functionName, QueueMessage message)
    {
        var metadata = new JsonObject
        {
            ["DequeueCount"] = message.DequeueCount.ToString(CultureInfo.InvariantCulture),
            ["ExpirationTime"] = message.ExpiresOn,
            ["Id"] = JsonSerializer.Serialize(message.MessageId),
            ["InsertionTime"] = message.InsertedOn,
            ["NextVisibleTime"] = message.NextVisibleOn,
            ["PopReceipt"] = JsonSerializer.Serialize(message.PopReceipt),
            ["sys"] = new JsonObject
            {
                ["MethodName"] = functionName,
                ["UtcNow"] = DateTimeOffset.UtcNow,
                ["RandGuid"] = Guid.NewGuid().ToString(),
            },
        };

        // The message body's top-level scalar properties are copied into Metadata too.
        foreach (var (name, value) in JsonNode.Parse(message.MessageText)!.AsObject())
        {
            if (value is JsonValue scalar)
            {
                metadata[name] = scalar.DeepClone();
            }
        }

        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = JsonSerializer.Serialize(message.MessageText) },
            ["Metadata"] = metadata,
        };
        return payload.ToJsonString();
    }
}
