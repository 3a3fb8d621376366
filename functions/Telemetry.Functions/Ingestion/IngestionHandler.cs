using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Services.Ingestion;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Diagnostics;

namespace Telemetry.Functions.Ingestion;

/// <summary>
/// One ingestion request from an authenticated tenant to its answer: rate limit, format, bounded body, envelope,
/// then the decision table and the all-or-nothing enqueue of the application service.
/// </summary>
public sealed class IngestionHandler(
    IngestionService ingestion, TenantRateLimiter rateLimiter, TelemetryMetrics metrics, TimeProvider time, ILogger<IngestionHandler> logger)
{
    internal async Task<IResult> IngestAsync(TelemetryCategory category, HttpRequest request, IngestionCaller caller)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var tenantId = caller.TenantId;
        if (!rateLimiter.TryAcquire(tenantId, out var retryAfter))
        {
            metrics.RateLimited(category);
            IngestionLog.RateLimited(logger, TelemetryCategories.RouteSegment(category), tenantId);
            Problems.SetRetryAfter(request.HttpContext.Response, retryAfter);
            return Problems.TooManyRequests("The tenant's ingestion rate limit is exhausted; retry the same records later.");
        }

        if (RequestFormat.Check(request) is { } formatProblem)
        {
            return formatProblem;
        }

        using var body = await BoundedBodyReader.ReadAsync(request.Body, RequestFormat.IsGzip(request), IngestionLimits.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        switch (body.Status)
        {
            case BodyReadStatus.TooLarge:
                return RequestFormat.TooLarge();
            case BodyReadStatus.InvalidGzip:
                return Problems.BadRequest("invalid_gzip", "The body is not valid gzip data.");
        }

        if (ReadEnvelope(body.Body, category) is not { } envelope)
        {
            return Problems.BadRequest("invalid_json", "The body could not be read as a telemetry envelope.");
        }

        if (envelope.Error is { } error)
        {
            return Problems.BadRequest(error.Code, error.Message);
        }

        // Reading the body spent nothing of the budget: only the storage steps count.
        var result = await caller.Budget.RunAsync(ct => ingestion.IngestAsync(category, tenantId, envelope, ct)).ConfigureAwait(false);
        return Answer(result, envelope, request.HttpContext.Response);
    }

    /// <summary>The 202 receipt, the 400 when no record was valid, or the 503 when nothing could be queued.</summary>
    private static IResult Answer(IngestionResult result, EnvelopeResult envelope, HttpResponse response)
    {
        var decision = result.Decision;
        var errors = decision.Errors.Select(IngestionError.From).ToList();
        switch (result.Status)
        {
            case IngestionStatus.NothingValid:
                return Problems.BadRequest("no_valid_records", "Every record of the request is invalid.", errors);
            case IngestionStatus.QueueUnavailable:
                Problems.SetRetryAfter(response, Problems.StorageRetryAfter);
                return Problems.ServiceUnavailable("queue_unavailable", "The records could not be queued; nothing of this request was kept. Retry the same records later.");
            default:
                var receipt = new IngestionReceipt(
                    envelope.Received, decision.Accepted.Count, decision.Suppressed, decision.Errors.Count, decision.SuppressedReason, errors);
                return TypedResults.Json(receipt, statusCode: StatusCodes.Status202Accepted);
        }
    }

    /// <summary>
    /// Validation is meant to answer every input with codes; should some input still make it throw, the
    /// client gets a 400 rather than a 500 (and the exception type, never the content, is logged).
    /// </summary>
    private EnvelopeResult? ReadEnvelope(ReadOnlyMemory<byte> body, TelemetryCategory category)
    {
        try
        {
            return EnvelopeReader.Read(body, category, time.GetUtcNow());
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or System.Text.Json.JsonException or OverflowException)
        {
            IngestionLog.UnreadableEnvelope(logger, TelemetryCategories.RouteSegment(category), exception.GetType().Name);
            return null;
        }
    }
}
