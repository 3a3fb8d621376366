using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>Tenant registration, reading, and ingestion keys.</summary>
[RequiresAdminKey]
public sealed class TenantFunctions(TenantAdministration tenants, TimeProvider time)
{
    private const string TenantRoute = "v1/admin/tenants/{tenantId}";

    [Function("PutTenant")]
    public async Task<IResult> PutTenantAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = TenantRoute)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await AdminRequests.ReadBodyAsync<TenantBody>(request, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        var registration = await AdminBudgets.Change(time).RunAsync(ct => tenants.RegisterOrRenameAsync(tenantId, body.DisplayName, changedBy, ct));
        return registration.FirstKey is { } key
            ? TypedResults.Created($"/api/v1/admin/tenants/{tenantId}", new RegisteredTenant(tenantId, body.DisplayName, key.KeyId, key.Key))
            : TypedResults.Ok(new RenamedTenant(tenantId, body.DisplayName));
    }

    [Function("GetTenant")]
    public async Task<IResult> GetTenantAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TenantRoute)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var tenant = await AdminBudgets.Read(request, time).RunAsync(ct => tenants.GetAsync(tenantId, ct));
        return tenant is null ? UnknownTenant(tenantId) : TypedResults.Ok(tenant);
    }

    [Function("IssueKey")]
    public async Task<IResult> IssueKeyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TenantRoute + "/keys")] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var key = await AdminBudgets.Change(time).RunAsync(ct => tenants.IssueKeyAsync(tenantId, changedBy, ct));
        return key is null ? UnknownTenant(tenantId) : TypedResults.Created($"/api/v1/admin/tenants/{tenantId}", key);
    }

    [Function("RevokeKey")]
    public async Task<IResult> RevokeKeyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TenantRoute + "/keys/{keyId}")] HttpRequest request, string tenantId, string keyId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        return await AdminBudgets.Change(time).RunAsync(ct => tenants.RevokeKeyAsync(tenantId, keyId, changedBy, ct)) switch
        {
            RevokeOutcome.UnknownTenant => UnknownTenant(tenantId),
            RevokeOutcome.UnknownKey => Problems.NotFound("unknown_key", $"Tenant '{tenantId}' has no key '{keyId}'."),
            _ => TypedResults.NoContent(),
        };
    }

    internal static ProblemHttpResult UnknownTenant(string tenantId) =>
        Problems.NotFound("unknown_tenant", $"No tenant '{tenantId}' is registered.");
}

/// <summary>A new tenant and its first ingestion key (shown only in this answer).</summary>
internal sealed record RegisteredTenant(string TenantId, string DisplayName, string KeyId, string Key);

internal sealed record RenamedTenant(string TenantId, string DisplayName);
