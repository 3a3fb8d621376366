using Microsoft.Azure.Functions.Worker.Builder;

namespace Telemetry.Functions.Middleware;

/// <summary>The cross-cutting concerns of the HTTP functions, each applied once, in this order.</summary>
internal static class MiddlewareExtensions
{
    public static FunctionsApplicationBuilder UseTelemetryMiddleware(this FunctionsApplicationBuilder builder)
    {
        builder.UseWhen<ProblemResponseMiddleware>(context => context.GetHttpContext() is not null);
        builder.UseWhen<IngestionKeyMiddleware>(FunctionRequirements.RequiresIngestionKey);
        builder.UseWhen<AdminKeyMiddleware>(FunctionRequirements.RequiresAdminKey);
        return builder;
    }
}
