using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Policy;

/// <summary>GET /api/v1/policy: what the caller's tenant (and pool) collects now, so clients stop sending what would be suppressed.</summary>
public static class PolicyApi
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/policy", GetPolicyAsync)
            .WithName("GetPolicy")
            .WithSummary("What the caller's tenant and pool collect now, per category.")
            .WithTags("Ingestion");
        return endpoints;
    }

    public static async Task<IResult> GetPolicyAsync(HttpContext context, TenantDirectory tenants, TimeProvider time, string? source = null, string? poolId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var budget = new StorageBudget(context.RequestAborted, time);
        var (tenantId, unauthorized) = await ApiKeyAuthentication.AuthenticateAsync(context.Request, tenants, budget).ConfigureAwait(false);
        if (unauthorized is not null)
        {
            return unauthorized;
        }

        if (!TelemetrySources.TryParse(source, out var parsed))
        {
            return Problems.BadRequest("invalid_source", "The source query parameter must be client, meetingsApp or joinLauncher.");
        }

        string? pool = null;
        if (parsed != TelemetrySource.Client)
        {
            if (string.IsNullOrEmpty(poolId))
            {
                return Problems.BadRequest("missing_pool_id", "The poolId query parameter is required for meetingsApp and joinLauncher.");
            }

            if (!Ids.IsValid(poolId))
            {
                return Problems.BadRequest("invalid_pool_id", $"The poolId must match {Ids.Pattern}.");
            }

            pool = poolId;
        }

        var settings = await budget.RunAsync(ct => tenants.GetPolicyAsync(tenantId!, pool, ct).AsTask()).ConfigureAwait(false);
        var availability = CollectionPolicy.Describe(parsed, settings);
        return TypedResults.Ok(new PolicyView(TelemetrySources.ToWire(parsed), availability.Census, availability.Usage, availability.Errors));
    }
}

/// <summary>Per category: "on", "off" or (client errors) "opt-in".</summary>
public sealed record PolicyView(string Source, string Census, string Usage, string Errors);
