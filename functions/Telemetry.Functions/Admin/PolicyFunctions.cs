using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>The tenant and pool policy switches, read and written with ETags.</summary>
[RequiresAdminKey]
public sealed class PolicyFunctions(PolicyAdministration policies, TimeProvider time)
{

    [Function("GetTenantPolicy")]
    public async Task<IResult> GetTenantPolicyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TenantPolicy)] HttpRequest request, string tenantId)
    {
        var (value, problem) = await GetAsync(request, tenantId, null);
        return problem ?? TypedResults.Ok(new TenantPolicyBody(value));
    }

    [Function("PutTenantPolicy")]
    public async Task<IResult> PutTenantPolicyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.TenantPolicy)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, null, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await AdminRequests.ReadBodyAsync<TenantPolicyBody>(request, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        var (value, refused) = await SetAsync(request, tenantId, null, body.DisableAutomaticSendTracing, changedBy);
        return refused ?? TypedResults.Ok(new TenantPolicyBody(value));
    }

    [Function("GetPoolPolicy")]
    public async Task<IResult> GetPoolPolicyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.PoolPolicy)] HttpRequest request, string tenantId, string poolId)
    {
        var (value, problem) = await GetAsync(request, tenantId, poolId);
        return problem ?? TypedResults.Ok(new PoolPolicyBody(value));
    }

    [Function("PutPoolPolicy")]
    public async Task<IResult> PutPoolPolicyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.PoolPolicy)] HttpRequest request, string tenantId, string poolId)
    {
        if (AdminRequests.ValidateChange(request, tenantId, poolId, out var changedBy) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await AdminRequests.ReadBodyAsync<PoolPolicyBody>(request, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        var (value, refused) = await SetAsync(request, tenantId, poolId, body.MeetingUxEnableTelemetry, changedBy);
        return refused ?? TypedResults.Ok(new PoolPolicyBody(value));
    }

    private async Task<(bool Value, IResult? Problem)> GetAsync(HttpRequest request, string tenantId, string? poolId)
    {
        if (AdminRequests.ValidateIds(tenantId, poolId) is { } invalid)
        {
            return (false, invalid);
        }

        var state = await AdminBudgets.Read(request, time).RunAsync(ct => policies.GetAsync(tenantId, Target(tenantId, poolId), ct));
        if (state is null)
        {
            return (false, TenantFunctions.UnknownTenant(tenantId));
        }

        SetETag(request.HttpContext.Response, state.ETag);
        return (state.Value, null);
    }

    private async Task<(bool Value, IResult? Problem)> SetAsync(HttpRequest request, string tenantId, string? poolId, bool value, string changedBy)
    {
        var ifMatch = request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();
        var update = await AdminBudgets.Change(time).RunAsync(ct => policies.SetAsync(tenantId, Target(tenantId, poolId), value, ifMatch, changedBy, ct));
        switch (update.Outcome)
        {
            case SwitchOutcome.UnknownTenant:
                return (false, TenantFunctions.UnknownTenant(tenantId));
            case SwitchOutcome.PreconditionFailed:
                return (false, Problems.PreconditionFailed("The policy changed since the ETag in If-Match was read; read it again and retry."));
            default:
                SetETag(request.HttpContext.Response, update.ETag);
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
