using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Testing;
using Telemetry.Core;

namespace Telemetry.Functions.Tests.Support;

/// <summary>Requests and storage look-ups that many tests share.</summary>
public static class TelemetryAppExtensions
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Task<HttpResponseMessage> IngestAsync(this TelemetryApp app, string category, string? apiKey, object envelope)
    {
        ArgumentNullException.ThrowIfNull(app);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{category}") { Content = JsonContent.Create(envelope) };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        return app.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> IngestRawAsync(this TelemetryApp app, string category, string apiKey, HttpContent content)
    {
        ArgumentNullException.ThrowIfNull(app);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{category}") { Content = content };
        request.Headers.Add("x-api-key", apiKey);
        return app.Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with the status and code, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>The row of a record, where EntityMapper puts it; waits for the worker to store it.</summary>
    public static async Task<TableEntity> WaitForRowAsync(this TelemetryApp app, TelemetryCategory category, string? tenantId, IDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (table, partitionKey, rowKey) = Location(category, tenantId, record);
        var client = app.Storage.GetTableClient(table);
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey) is { HasValue: true } found)
            {
                return found.Value!;
            }

            Assert.True(DateTime.UtcNow < until, $"No {table} row {partitionKey}/{rowKey} appeared within {Deadline.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    public static async Task<TableEntity?> FindRowAsync(this TelemetryApp app, TelemetryCategory category, string? tenantId, IDictionary<string, object?> record)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (table, partitionKey, rowKey) = Location(category, tenantId, record);
        var found = await app.Storage.GetTableClient(table).GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Every entity whose RowKey is one of <paramref name="ids"/>, in any partition of the table.</summary>
    public static async Task<List<TableEntity>> RowsWithIdsAsync(this TelemetryApp app, string table, IEnumerable<Guid> ids)
    {
        ArgumentNullException.ThrowIfNull(app);
        var filter = string.Join(" or ", ids.Select(id => $"RowKey eq '{id:D}'"));
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.GetTableClient(table).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Waits until <paramref name="messageText"/> sits, intact, in the poison queue <paramref name="poisonQueue"/>.</summary>
    public static async Task WaitForPoisonAsync(this TelemetryApp app, string poisonQueue, string messageText)
    {
        ArgumentNullException.ThrowIfNull(app);
        var queue = app.Storage.GetQueueClient(poisonQueue);
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await queue.ExistsAsync())
            {
                var peeked = await queue.PeekMessagesAsync(32);
                if (peeked.Value.Any(message => message.MessageText == messageText))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < until, $"The message did not reach {poisonQueue} within {Deadline.TotalSeconds} s.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The first log line that <paramref name="matches"/>, waiting for it: the worker's lines reach the host a moment
    /// after the answer they belong to.
    /// </summary>
    public static async Task<string> WaitForLogAsync(this TelemetryApp app, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(app);
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (app.Logs.GetSnapshot().Select(log => log.Message).FirstOrDefault(matches) is { } line)
            {
                return line;
            }

            Assert.True(DateTime.UtcNow < until, $"No such log line within {Deadline.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>How many messages <paramref name="queueName"/> holds, hidden ones included.</summary>
    public static async Task<int> MessageCountAsync(this TelemetryApp app, string queueName)
    {
        ArgumentNullException.ThrowIfNull(app);
        return (await app.Storage.GetQueueClient(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    private static (string Table, string PartitionKey, string RowKey) Location(TelemetryCategory category, string? tenantId, IDictionary<string, object?> record)
    {
        var id = (Guid)record["id"]!;
        Assert.True(Rfc3339Time((string)record["timestamp"]!, out var time));
        var partitionKey = category == TelemetryCategory.Census
            ? PartitionKeys.Census(time, id)
            : PartitionKeys.ForTenant(tenantId!, time, id);
        return (TelemetryCategories.TableName(category), partitionKey, id.ToString("D"));
    }

    private static bool Rfc3339Time(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out time);

    /// <summary>Every log line so far, with its level, category, message, structured values and exception, as one text.</summary>
    public static string LogText(this FakeLogCollector logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return string.Join('\n', logs.GetSnapshot().Select(record =>
            $"{record.Level} {record.Category} {record.Message} | " +
            string.Join(' ', (record.StructuredState ?? []).Select(pair => $"{pair.Key}={pair.Value}")) + $" | {record.Exception}"));
    }

    public static HttpContent JsonBytes(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
