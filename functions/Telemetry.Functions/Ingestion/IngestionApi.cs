using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Ingestion;

/// <summary>POST /api/v1/census, /usage, /errors: one handler, parameterized by category.</summary>
public static class IngestionApi
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1").WithTags("Ingestion");
        foreach (var category in TelemetryCategories.All)
        {
            var segment = TelemetryCategories.RouteSegment(category);
            group.MapPost($"/{segment}", (HttpContext context, [AsParameters] IngestionServices services) =>
                    IngestAsync(category, context, services))
                .WithName("Ingest" + char.ToUpperInvariant(segment[0]) + segment[1..])
                .WithSummary($"Ingests {segment} records.");
        }

        return endpoints;
    }

    public static async Task<IResult> IngestAsync(TelemetryCategory category, HttpContext context, IngestionServices services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        // Reading the body between the two storage steps spends nothing of the budget.
        var budget = new StorageBudget(cancellationToken, services.Time);
        var (tenantId, unauthorized) = await ApiKeyAuthentication.AuthenticateAsync(request, services.Tenants, budget).ConfigureAwait(false);
        if (unauthorized is not null)
        {
            return unauthorized;
        }

        if (!services.RateLimiter.TryAcquire(tenantId!, out var retryAfter))
        {
            services.Metrics.RateLimited(category);
            IngestionLog.RateLimited(services.Logger, TelemetryCategories.RouteSegment(category), tenantId!);
            Problems.SetRetryAfter(context.Response, retryAfter);
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

        if (ReadEnvelope(body.Body, category, services) is not { } envelope)
        {
            return Problems.BadRequest("invalid_json", "The body could not be read as a telemetry envelope.");
        }

        if (envelope.Error is { } error)
        {
            return Problems.BadRequest(error.Code, error.Message);
        }

        var result = await budget.RunAsync(ct => services.Ingestion.IngestAsync(category, tenantId!, envelope, ct)).ConfigureAwait(false);
        return Answer(result, envelope, context.Response);
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
    private static EnvelopeResult? ReadEnvelope(ReadOnlyMemory<byte> body, TelemetryCategory category, IngestionServices services)
    {
        try
        {
            return EnvelopeReader.Read(body, category, services.Time.GetUtcNow());
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or System.Text.Json.JsonException or OverflowException)
        {
            IngestionLog.UnreadableEnvelope(services.Logger, TelemetryCategories.RouteSegment(category), exception.GetType().Name);
            return null;
        }
    }
}
