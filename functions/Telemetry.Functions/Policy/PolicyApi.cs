using System.Text.RegularExpressions;
using Telemetry.Core;
using Telemetry.Functions.Http;
using Telemetry.Functions.Tenants;

namespace Telemetry.Functions.Policy;

/// <summary>GET /api/v1/policy: what the caller's tenant (and pool) collects now, so clients stop sending what would be suppressed.</summary>
public static partial class PolicyApi
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/policy", GetPolicyAsync)
            .WithName("GetPolicy")
            .WithSummary("What the caller's tenant and pool collect now, per category.")
            .WithTags("Ingestion");
        return endpoints;
    }

    public static async Task<IResult> GetPolicyAsync(HttpContext context, ITenantDirectory tenants, string? source = null, string? poolId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (tenantId, unauthorized) = await ApiKeyAuthentication.AuthenticateAsync(context.Request, tenants, context.RequestAborted).ConfigureAwait(false);
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

            if (!IdPattern().IsMatch(poolId))
            {
                return Problems.BadRequest("invalid_pool_id", "The poolId must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$.");
            }

            pool = poolId;
        }

        var settings = await tenants.GetPolicyAsync(tenantId!, pool, context.RequestAborted).ConfigureAwait(false);
        var availability = CollectionPolicy.Describe(parsed, settings);
        return TypedResults.Ok(new PolicyView(TelemetrySources.ToWire(parsed), availability.Census, availability.Usage, availability.Errors));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>Per category: "on", "off" or (client errors) "opt-in".</summary>
public sealed record PolicyView(string Source, string Census, string Usage, string Errors);
