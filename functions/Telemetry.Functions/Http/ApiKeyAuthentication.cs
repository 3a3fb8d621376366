using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Http;

/// <summary>Resolves the x-api-key header to its tenant; the key itself is never logged or kept.</summary>
public static class ApiKeyAuthentication
{
    public const string HeaderName = "x-api-key";

    /// <summary>The tenant id, or the 401 problem to answer; the look-up spends from <paramref name="budget"/>.</summary>
    public static async ValueTask<(string? TenantId, IResult? Problem)> AuthenticateAsync(
        HttpRequest request, TenantDirectory tenants, StorageBudget budget)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(budget);

        var values = request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return (null, Problems.Unauthorized("missing_api_key", $"Send the tenant's ingestion key in the {HeaderName} header."));
        }

        var key = values[0]!.Trim();
        var tenantId = values.Count == 1
            ? await budget.RunAsync(ct => tenants.FindTenantByKeyAsync(key, ct).AsTask())
            : null;
        return tenantId is null
            ? (null, Problems.Unauthorized("invalid_api_key", "The ingestion key is unknown or revoked."))
            : (tenantId, null);
    }
}
