using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;

namespace Telemetry.Functions.Ingestion;

/// <summary>POST /api/v1/census, /usage, /errors: one handler, parameterized by category.</summary>
[RequiresIngestionKey]
public sealed class IngestionFunctions(IngestionHandler ingestion)
{
    [Function("IngestCensus")]
    public Task<IResult> IngestCensusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Census)] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Census, request, context.IngestionCaller());

    [Function("IngestUsage")]
    public Task<IResult> IngestUsageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Usage)] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Usage, request, context.IngestionCaller());

    [Function("IngestErrors")]
    public Task<IResult> IngestErrorsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Errors)] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Errors, request, context.IngestionCaller());
}
