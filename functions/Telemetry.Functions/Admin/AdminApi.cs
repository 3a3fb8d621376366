using Telemetry.Services.Administration;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>The admin routes of the public contract: tenants, ingestion keys, policies, audit.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var tenants = endpoints.MapGroup("/api/v1/admin/tenants/{tenantId}")
            .AddEndpointFilter<AdminKeyFilter>()
            .WithTags("Admin");

        tenants.MapPut("", TenantEndpoints.PutTenantAsync).WithName("PutTenant").WithSummary("Register a tenant (201, first key shown once) or rename it (200).");
        tenants.MapGet("", TenantEndpoints.GetTenantAsync).WithName("GetTenant").WithSummary("The tenant and its key ids, never the keys.");
        tenants.MapPost("/keys", TenantEndpoints.IssueKeyAsync).WithName("IssueKey").WithSummary("Issue another ingestion key (shown once).");
        tenants.MapDelete("/keys/{keyId}", TenantEndpoints.RevokeKeyAsync).WithName("RevokeKey").WithSummary("Revoke a key; effective within the policy cache bound.");
        tenants.MapGet("/policy", PolicyEndpoints.GetTenantPolicyAsync).WithName("GetTenantPolicy").WithSummary("DisableAutomaticSendTracing, with an ETag.");
        tenants.MapPut("/policy", PolicyEndpoints.PutTenantPolicyAsync).WithName("PutTenantPolicy").WithSummary("Set DisableAutomaticSendTracing; If-Match makes it conditional.");
        tenants.MapGet("/pools/{poolId}/policy", PolicyEndpoints.GetPoolPolicyAsync).WithName("GetPoolPolicy").WithSummary("MeetingUxEnableTelemetry, with an ETag.");
        tenants.MapPut("/pools/{poolId}/policy", PolicyEndpoints.PutPoolPolicyAsync).WithName("PutPoolPolicy").WithSummary("Set MeetingUxEnableTelemetry; If-Match makes it conditional.");
        tenants.MapGet("/audit", AuditEndpoints.GetAuditAsync).WithName("GetAudit").WithSummary("Every policy and key change, newest first, page by page.");
        return endpoints;
    }
}

/// <summary>What the admin handlers need, injected as one parameter.</summary>
public sealed record AdminServices(TenantAdministration Tenants, PolicyAdministration Policies, AuditTrail Audit, TimeProvider Time)
{
    /// <summary>A storage budget for a read, which ends when the caller goes away.</summary>
    public StorageBudget ReadBudget(CancellationToken requestAborted) => new(requestAborted, Time);

    /// <summary>A storage budget for a change: a change runs to its end or its budget even when the caller goes away, and the audit trail settles whatever a cut-off change left behind.</summary>
    public StorageBudget ChangeBudget() => new(CancellationToken.None, Time);
}
