using Telemetry.Functions.Http;
using Telemetry.Storage;

namespace Telemetry.Functions.Health;

/// <summary>GET /api/health for operators, and GET / that the Functions host polls for readiness.</summary>
public static partial class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        // Readiness: answers at once, whatever storage is doing.
        endpoints.MapGet("/", () => TypedResults.Ok(new { status = "ready" })).ExcludeFromDescription();
        endpoints.MapGet("/api/health", CheckAsync)
            .WithName("Health")
            .WithSummary("200 when the queue and table endpoints answer, 503 otherwise.");
        return endpoints;
    }

    public static async Task<IResult> CheckAsync(HttpContext context, StorageAccount account, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(HealthApi).FullName!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ProbeTimeout);
        var queues = ProbeAsync(() => account.CheckQueueServiceAsync(timeout.Token), "queues", logger);
        var tables = ProbeAsync(() => account.CheckTableServiceAsync(timeout.Token), "tables", logger);
        var results = await Task.WhenAll(queues, tables).ConfigureAwait(false);
        var checks = new Dictionary<string, string>(StringComparer.Ordinal) { ["queues"] = results[0], ["tables"] = results[1] };
        if (results.All(result => result == "ok"))
        {
            return TypedResults.Ok(new { status = "healthy", checks });
        }

        Problems.SetRetryAfter(context.Response, TimeSpan.FromSeconds(10));
        var problem = Problems.ServiceUnavailable("storage_unavailable", "The queue or table endpoint did not answer.");
        problem.ProblemDetails.Extensions["checks"] = checks;
        return problem;
    }

    private static async Task<string> ProbeAsync(Func<Task> probe, string name, ILogger logger)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return "ok";
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogProbeFailed(logger, name, exception.GetType().Name, exception.Message);
            return "unavailable";
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Health probe of {Endpoint} failed: {ExceptionType}: {Reason}")]
    private static partial void LogProbeFailed(ILogger logger, string endpoint, string exceptionType, string reason);
}
