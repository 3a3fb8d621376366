using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>Tenant registration, reading, listing, deletion, and ingestion keys.</summary>
[RequiresAdminKey]
public sealed class TenantFunctions(TenantAdministration tenants, TimeProvider time)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;


    [Function("PutTenant")]
    public async Task<IResult> PutTenantAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.Tenant)] HttpRequest request, string tenantId)
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
        if (registration.DeletionPendingUntil is { } purgeBefore)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "tenant_being_deleted", "The tenant is being deleted.",
                $"Tenant '{tenantId}' is being deleted; its id can be registered again after {Rfc3339(purgeBefore)}.");
        }

        return registration.FirstKey is { } key
            ? TypedResults.Created($"/api/v1/admin/tenants/{tenantId}", new RegisteredTenant(tenantId, body.DisplayName, key.KeyId, key.Key))
            : TypedResults.Ok(new RenamedTenant(tenantId, body.DisplayName));
    }

    [Function("GetTenant")]
    public async Task<IResult> GetTenantAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Tenant)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var tenant = await AdminBudgets.Read(request, time).RunAsync(ct => tenants.GetAsync(tenantId, ct));
        return tenant is null ? UnknownTenant(tenantId) : TypedResults.Ok(tenant);
    }

    [Function("ListTenants")]
    public async Task<IResult> ListTenantsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Tenants)] HttpRequest request)
    {
        if (!AdminRequests.TryReadPageSize(request.Query, "limit", DefaultListLimit, MaxListLimit, out var limit))
        {
            return Problems.BadRequest("invalid_limit", $"limit is an integer from 1 to {MaxListLimit}.");
        }

        var continuation = request.Query["continuation"];
        var after = continuation.Count == 1 ? TenantAdministration.DecodeContinuation(continuation[0]!) : null;
        if (continuation.Count > 0 && after is null)
        {
            return Problems.BadRequest("invalid_continuation", "Not a continuation token of this list; pass back the one a previous page returned.");
        }

        return TypedResults.Ok(await AdminBudgets.Read(request, time).RunAsync(ct => tenants.ListAsync(limit, after, ct)));
    }

    [Function("ListPools")]
    public async Task<IResult> ListPoolsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Pools)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var pools = await AdminBudgets.Read(request, time).RunAsync(ct => tenants.ListPoolsAsync(tenantId, ct));
        return pools is null ? UnknownTenant(tenantId) : TypedResults.Ok(new TenantPools(tenantId, pools));
    }

    [Function("DeleteTenant")]
    public async Task<IResult> DeleteTenantAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.Tenant)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var deletion = await AdminBudgets.Change(time).RunAsync(ct => tenants.DeleteAsync(tenantId, changedBy, ct));
        return deletion is null
            ? UnknownTenant(tenantId)
            : TypedResults.Accepted((string?)null, new DeletedTenant(tenantId, deletion.KeysRevoked, deletion.PoliciesRemoved, "queued", Rfc3339(deletion.PurgeBefore)));
    }

    [Function("IssueKey")]
    public async Task<IResult> IssueKeyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Keys)] HttpRequest request, string tenantId)
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
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.Key)] HttpRequest request, string tenantId, string keyId)
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

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The pools of a tenant that have a policy entity.</summary>
internal sealed record TenantPools(string TenantId, IReadOnlyList<PoolView> Pools);

/// <summary>What deleting a tenant did; its rows are purged in the background until <see cref="PurgeBefore"/>.</summary>
internal sealed record DeletedTenant(string TenantId, int KeysRevoked, int PoliciesRemoved, string Purge, string PurgeBefore);

/// <summary>A new tenant and its first ingestion key (shown only in this answer).</summary>
internal sealed record RegisteredTenant(string TenantId, string DisplayName, string KeyId, string Key);

internal sealed record RenamedTenant(string TenantId, string DisplayName);
