using Microsoft.Azure.Functions.Worker.Middleware;
using Telemetry.Functions.Http;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Middleware;

/// <summary>
/// Client routes: x-api-key names the tenant. The key itself is never logged or kept; its look-up (a cached
/// point read by hash) spends from the request's storage budget, which the function goes on spending.
/// </summary>
internal sealed class IngestionKeyMiddleware(TenantDirectory tenants, TimeProvider time) : IFunctionsWorkerMiddleware
{
    public const string HeaderName = "x-api-key";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException("Ingestion keys guard HTTP functions only.");
        var values = http.Request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            context.GetInvocationResult().Value = Problems.Unauthorized("missing_api_key", $"Send the tenant's ingestion key in the {HeaderName} header.");
            return;
        }

        var budget = new StorageBudget(http.RequestAborted, time);
        var key = values[0]!.Trim();
        var tenantId = values.Count == 1
            ? await budget.RunAsync(ct => tenants.FindTenantByKeyAsync(key, ct).AsTask())
            : null;
        if (tenantId is null)
        {
            context.GetInvocationResult().Value = Problems.Unauthorized("invalid_api_key", "The ingestion key is unknown or revoked.");
            return;
        }

        context.Items[typeof(IngestionCaller)] = new IngestionCaller(tenantId, budget);
        await next(context);
    }
}

/// <summary>Who called a client route, and what is left of the request's storage budget.</summary>
internal sealed record IngestionCaller(string TenantId, StorageBudget Budget);

internal static class IngestionCallerExtensions
{
    /// <summary>The caller that <see cref="IngestionKeyMiddleware"/> authenticated.</summary>
    public static IngestionCaller IngestionCaller(this FunctionContext context) =>
        context.Items.TryGetValue(typeof(IngestionCaller), out var caller) && caller is IngestionCaller authenticated
            ? authenticated
            : throw new InvalidOperationException("The function class lacks [RequiresIngestionKey].");
}
