using Telemetry.Core;
using Telemetry.Functions.Middleware;

namespace Telemetry.Functions.Ingestion;

/// <summary>POST /api/v1/census, /usage, /errors: one handler, parameterized by category.</summary>
[RequiresIngestionKey]
public sealed class IngestionFunctions(IngestionHandler ingestion)
{
    [Function("IngestCensus")]
    public Task<IResult> IngestCensusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/census")] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Census, request, context.IngestionCaller());

    [Function("IngestUsage")]
    public Task<IResult> IngestUsageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/usage")] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Usage, request, context.IngestionCaller());

    [Function("IngestErrors")]
    public Task<IResult> IngestErrorsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/errors")] HttpRequest request, FunctionContext context) =>
        ingestion.IngestAsync(TelemetryCategory.Errors, request, context.IngestionCaller());
}
