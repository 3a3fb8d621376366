using Telemetry.Functions.Http;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Health;

/// <summary>GET /api/health for operators: 200 when storage answers and every queue and table exists, 503 otherwise; within 3 s either way.</summary>
public sealed class HealthFunction(StorageHealth health, TimeProvider time)
{
    [Function("Health")]
    public async Task<IResult> CheckAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request)
    {
        var report = await new StorageBudget(request.HttpContext.RequestAborted, time).RunAsync(health.CheckAsync);
        var checks = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["queues"] = Describe(report.Queues),
            ["tables"] = Describe(report.Tables),
        };
        if (report.IsHealthy)
        {
            return TypedResults.Ok(new { status = "healthy", checks });
        }

        Problems.SetRetryAfter(request.HttpContext.Response, Problems.StorageRetryAfter);
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
