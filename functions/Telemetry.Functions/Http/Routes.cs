using Telemetry.Core;

namespace Telemetry.Functions.Http;

/// <summary>Every HTTP function's route under the host's prefix (api), for the functions and the OpenAPI document alike.</summary>
internal static class Routes
{
    public const string Census = "v1/census";
    public const string Usage = "v1/usage";
    public const string Errors = "v1/errors";
    public const string Policy = "v1/policy";
    public const string Tenants = "v1/admin/tenants";
    public const string Tenant = Tenants + "/{tenantId}";
    public const string Pools = Tenant + "/pools";
    public const string Keys = Tenant + "/keys";
    public const string Key = Keys + "/{keyId}";
    public const string TenantPolicy = Tenant + "/policy";
    public const string PoolPolicy = Pools + "/{poolId}/policy";
    public const string Audit = Tenant + "/audit";
    public const string Health = "health";
    public const string OpenApiDocument = "openapi.json";

    /// <summary>The ingestion route of <paramref name="category"/>.</summary>
    public static string Ingestion(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => Census,
        TelemetryCategory.Usage => Usage,
        TelemetryCategory.Errors => Errors,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
