using Telemetry.Functions.Http;
using Telemetry.Functions.Middleware;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>A tenant's audit trail, newest first, page by page.</summary>
[RequiresAdminKey]
public sealed class AuditFunction(TenantAdministration tenants, AuditTrail audit, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    [Function("GetAudit")]
    public async Task<IResult> GetAuditAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Audit)] HttpRequest request, string tenantId)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var continuation = request.Query["continuation"];
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!AdminRequests.TryReadPageSize(request.Query, "pageSize", DefaultPageSize, MaxPageSize, out var size))
        {
            errors["pageSize"] = [$"An integer from 1 to {MaxPageSize}."];
        }

        var after = continuation.Count == 1 ? AuditTrail.DecodeContinuation(continuation[0]!) : null;
        if (continuation.Count > 0 && after is null)
        {
            errors["continuation"] = ["Not a continuation token of this trail; pass back the one a previous page returned."];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("validation_failed", "The query is not valid.", errors);
        }

        var budget = AdminBudgets.Read(request, time);
        if (!await budget.RunAsync(ct => tenants.ExistsAsync(tenantId, ct)))
        {
            return TenantFunctions.UnknownTenant(tenantId);
        }

        return TypedResults.Ok(await budget.RunAsync(ct => audit.ListAsync(tenantId, size, after, ct)));
    }
}
