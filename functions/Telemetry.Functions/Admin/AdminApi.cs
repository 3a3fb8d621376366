namespace Telemetry.Functions.Admin;

/// <summary>The admin routes of the public contract: tenants, ingestion keys, policies, audit.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
