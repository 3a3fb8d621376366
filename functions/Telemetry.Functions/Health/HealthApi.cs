using Telemetry.Functions.Http;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Health;

/// <summary>GET /api/health for operators, and GET / that the Functions host polls for readiness.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        // Readiness: answers at once, whatever storage is doing.
        endpoints.MapGet("/", () => TypedResults.Ok(new { status = "ready" })).ExcludeFromDescription();
        endpoints.MapGet("/api/health", CheckAsync)
            .WithName("Health")
            .WithSummary("200 when storage answers and every queue and table exists, 503 otherwise; within 3 s either way.");
        return endpoints;
    }

    public static async Task<IResult> CheckAsync(HttpContext context, StorageHealth health, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(health);
        var report = await new StorageBudget(context.RequestAborted, time).RunAsync(health.CheckAsync).ConfigureAwait(false);
        var checks = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["queues"] = Describe(report.Queues),
            ["tables"] = Describe(report.Tables),
        };
        if (report.IsHealthy)
        {
            return TypedResults.Ok(new { status = "healthy", checks });
        }

        Problems.SetRetryAfter(context.Response, Problems.StorageRetryAfter);
        var problem = report.IsUnreachable
            ? Problems.ServiceUnavailable("storage_unavailable", "A queue or table did not answer.")
            : Problems.ServiceUnavailable("storage_incomplete", "A queue or table is missing; the service is creating it again.");
        problem.ProblemDetails.Extensions["checks"] = checks;
        return problem;
    }

    private static Dictionary<string, string> Describe(IReadOnlyDictionary<string, ResourceState> states) =>
        states.ToDictionary(pair => pair.Key, pair => pair.Value switch
        {
            ResourceState.Ok => "ok",
            ResourceState.Missing => "missing",
            _ => "unavailable",
        }, StringComparer.Ordinal);
}
