using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Telemetry.Client.Buffering;
using Telemetry.Client.Wire;

namespace Telemetry.Client.Sending;

/// <summary>Sends one batch to its category's route and reads what the answer means (the service's README, "The answer").</summary>
internal sealed class IngestionTransport(Func<HttpClient> http, TelemetryClientOptions options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly Envelope _envelope = new(options);

    public int EnvelopeBytes => _envelope.EmptyBytes;

    public async Task<SendOutcome> SendAsync(TelemetryCategory category, IReadOnlyList<PendingRecord> batch, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, Routes.Ingest(options, category))
        {
            Content = new ByteArrayContent(_envelope.Body(batch, options.CompressRequests)),
        };
        request.Headers.Add(Routes.ApiKeyHeader, options.ApiKey);
        request.Content.Headers.ContentType = Json;
        if (options.CompressRequests)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        try
        {
            using var response = await http().SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            return await ReadAsync(response, linked.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendOutcome(SendVerdict.Retry, Status: null);
        }
    }

    private static async Task<SendOutcome> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return await ReadReceiptAsync(response, cancellationToken);
        }

        var verdict = status switch
        {
            HttpStatusCode.RequestEntityTooLarge => SendVerdict.Split,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => SendVerdict.Unauthorized,
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => SendVerdict.Retry,
            _ when code >= 500 => SendVerdict.Retry,
            _ => SendVerdict.Refused,
        };
        return new SendOutcome(verdict, status, RetryAfter(response), Code: await ReadCodeAsync(response, cancellationToken));
    }

    private static async Task<SendOutcome> ReadReceiptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = document.RootElement;
            return new SendOutcome(
                SendVerdict.Done,
                response.StatusCode,
                Accepted: Number(root, "accepted"),
                Suppressed: Number(root, "suppressed"),
                Rejected: Number(root, "rejected"),
                SuppressedReason: root.TryGetProperty("suppressedReason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null);
        }
        catch (JsonException)
        {
            // A 2xx without a receipt still means the service took the batch: nothing to retry.
            return new SendOutcome(SendVerdict.Done, response.StatusCode);
        }
    }

    private static async Task<string?> ReadCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - (response.Headers.Date ?? DateTimeOffset.UtcNow) : null;
    }
}
