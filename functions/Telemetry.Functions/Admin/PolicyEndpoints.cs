using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>The tenant and pool policy switches, read and written with ETags.</summary>
public static class PolicyEndpoints
{
    public sealed record TenantPolicy(bool DisableAutomaticSendTracing);

    public sealed record PoolPolicy(bool MeetingUxEnableTelemetry);

    public static async Task<Results<Ok<TenantPolicy>, ProblemHttpResult>> GetTenantPolicyAsync(
        string tenantId, HttpResponse response, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var state = await GetAsync(tenantId, null, response, services, cancellationToken);
        return state.Problem ?? (Results<Ok<TenantPolicy>, ProblemHttpResult>)TypedResults.Ok(new TenantPolicy(state.Value));
    }

    public static async Task<Results<Ok<TenantPolicy>, ProblemHttpResult>> PutTenantPolicyAsync(
        string tenantId, HttpRequest request, HttpResponse response, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var update = await SetAsync(tenantId, null, "disableAutomaticSendTracing", request, response, services, cancellationToken);
        return update.Problem ?? (Results<Ok<TenantPolicy>, ProblemHttpResult>)TypedResults.Ok(new TenantPolicy(update.Value));
    }

    public static async Task<Results<Ok<PoolPolicy>, ProblemHttpResult>> GetPoolPolicyAsync(
        string tenantId, string poolId, HttpResponse response, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var state = await GetAsync(tenantId, poolId, response, services, cancellationToken);
        return state.Problem ?? (Results<Ok<PoolPolicy>, ProblemHttpResult>)TypedResults.Ok(new PoolPolicy(state.Value));
    }

    public static async Task<Results<Ok<PoolPolicy>, ProblemHttpResult>> PutPoolPolicyAsync(
        string tenantId, string poolId, HttpRequest request, HttpResponse response, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var update = await SetAsync(tenantId, poolId, "meetingUxEnableTelemetry", request, response, services, cancellationToken);
        return update.Problem ?? (Results<Ok<PoolPolicy>, ProblemHttpResult>)TypedResults.Ok(new PoolPolicy(update.Value));
    }

    private static async Task<(bool Value, ProblemHttpResult? Problem)> GetAsync(
        string tenantId, string? poolId, HttpResponse response, AdminServices services, CancellationToken cancellationToken)
    {
        if (AdminRequests.ValidateIds(tenantId, poolId) is { } invalid)
        {
            return (false, invalid);
        }

        var state = await services.ReadBudget(cancellationToken).RunAsync(ct => services.Policies.GetAsync(tenantId, Target(tenantId, poolId), ct));
        if (state is null)
        {
            return (false, TenantEndpoints.UnknownTenant(tenantId));
        }

        SetETag(response, state.ETag);
        return (state.Value, null);
    }

    private static async Task<(bool Value, ProblemHttpResult? Problem)> SetAsync(
        string tenantId, string? poolId, string property, HttpRequest request, HttpResponse response, AdminServices services, CancellationToken cancellationToken)
    {
        if (AdminRequests.ValidateChange(request, tenantId, poolId, out var changedBy) is { } invalid)
        {
            return (false, invalid);
        }

        var (body, problem) = await AdminRequests.ReadPropertyAsync(request, property, JsonValueKind.True, cancellationToken);
        if (problem is not null)
        {
            return (false, problem);
        }

        var value = body.GetBoolean();
        var ifMatch = request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();
        var update = await services.ChangeBudget().RunAsync(ct => services.Policies.SetAsync(tenantId, Target(tenantId, poolId), value, ifMatch, changedBy, ct));
        switch (update.Outcome)
        {
            case SwitchOutcome.UnknownTenant:
                return (false, TenantEndpoints.UnknownTenant(tenantId));
            case SwitchOutcome.PreconditionFailed:
                return (false, Problems.PreconditionFailed("The policy changed since the ETag in If-Match was read; read it again and retry."));
            default:
                SetETag(response, update.ETag);
                return (value, null);
        }
    }

    private static PolicySwitch Target(string tenantId, string? poolId) =>
        poolId is null ? PolicySwitch.Tenant(tenantId) : PolicySwitch.Pool(tenantId, poolId);

    private static void SetETag(HttpResponse response, string? etag)
    {
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }
    }
}
