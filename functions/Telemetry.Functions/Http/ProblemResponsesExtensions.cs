namespace Telemetry.Functions.Http;

/// <summary>problem+json for every error answer, including the ones no endpoint wrote.</summary>
public static class ProblemResponsesExtensions
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        // 404/405 and other empty error statuses get a problem body too.
        app.UseStatusCodePages();
        return app;
    }
}
