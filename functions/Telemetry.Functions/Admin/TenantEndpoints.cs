using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>Tenant registration, reading, and ingestion keys.</summary>
public static class TenantEndpoints
{
    public sealed record RegisteredTenant(string TenantId, string DisplayName, string KeyId, string Key);

    public sealed record RenamedTenant(string TenantId, string DisplayName);

    public static async Task<Results<Created<RegisteredTenant>, Ok<RenamedTenant>, ProblemHttpResult>> PutTenantAsync(
        string tenantId, HttpRequest request, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var (value, problem) = await AdminRequests.ReadPropertyAsync(request, "displayName", JsonValueKind.String, cancellationToken);
        var displayName = value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
        if ((problem ?? AdminRequests.ValidateDisplayName(displayName)) is { } badBody)
        {
            return badBody;
        }

        var registration = await services.ChangeBudget().RunAsync(ct => services.Tenants.RegisterOrRenameAsync(tenantId, displayName, changedBy, ct));
        return registration.FirstKey is { } key
            ? TypedResults.Created($"/api/v1/admin/tenants/{tenantId}", new RegisteredTenant(tenantId, displayName, key.KeyId, key.Key))
            : TypedResults.Ok(new RenamedTenant(tenantId, displayName));
    }

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> GetTenantAsync(
        string tenantId, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var tenant = await services.ReadBudget(cancellationToken).RunAsync(ct => services.Tenants.GetAsync(tenantId, ct));
        return tenant is null ? UnknownTenant(tenantId) : TypedResults.Ok(tenant);
    }

    public static async Task<Results<Created<IssuedKey>, ProblemHttpResult>> IssueKeyAsync(
        string tenantId, HttpRequest request, [AsParameters] AdminServices services)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var key = await services.ChangeBudget().RunAsync(ct => services.Tenants.IssueKeyAsync(tenantId, changedBy, ct));
        return key is null ? UnknownTenant(tenantId) : TypedResults.Created($"/api/v1/admin/tenants/{tenantId}", key);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string tenantId, string keyId, HttpRequest request, [AsParameters] AdminServices services)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        return await services.ChangeBudget().RunAsync(ct => services.Tenants.RevokeKeyAsync(tenantId, keyId, changedBy, ct)) switch
        {
            RevokeOutcome.UnknownTenant => UnknownTenant(tenantId),
            RevokeOutcome.UnknownKey => Problems.NotFound("unknown_key", $"Tenant '{tenantId}' has no key '{keyId}'."),
            _ => TypedResults.NoContent(),
        };
    }

    internal static ProblemHttpResult UnknownTenant(string tenantId) =>
        Problems.NotFound("unknown_tenant", $"No tenant '{tenantId}' is registered.");
}
