using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Policy;

/// <summary>GET /api/v1/policy: what the caller's tenant (and pool) collects now, so clients stop sending what would be suppressed.</summary>
[RequiresIngestionKey]
public sealed class PolicyFunction(TenantDirectory tenants)
{
    [Function("GetPolicy")]
    public async Task<IResult> GetPolicyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Policy)] HttpRequest request, FunctionContext context)
    {
        var caller = context.IngestionCaller();
        var source = request.Query["source"].ToString();
        var poolId = request.Query["poolId"].ToString();
        if (!TelemetrySources.TryParse(source, out var parsed))
        {
            return Problems.BadRequest("invalid_source", "The source query parameter must be client, meetingsApp or joinLauncher.");
        }

        string? pool = null;
        if (parsed != TelemetrySource.Client)
        {
            if (poolId.Length == 0)
            {
                return Problems.BadRequest("missing_pool_id", "The poolId query parameter is required for meetingsApp and joinLauncher.");
            }

            if (!Ids.IsValid(poolId))
            {
                return Problems.BadRequest("invalid_pool_id", $"The poolId must match {Ids.Pattern}.");
            }

            pool = poolId;
        }

        var settings = await caller.Budget.RunAsync(ct => tenants.GetPolicyAsync(caller.TenantId, pool, ct).AsTask());
        var availability = CollectionPolicy.Describe(parsed, settings);
        return TypedResults.Ok(new PolicyView(TelemetrySources.ToWire(parsed), availability.Census, availability.Usage, availability.Errors));
    }
}

/// <summary>Per category: "on", "off" or (client errors) "opt-in".</summary>
internal sealed record PolicyView(string Source, string Census, string Usage, string Errors);
