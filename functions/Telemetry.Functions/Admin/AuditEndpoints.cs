using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>A tenant's audit trail, newest first, page by page.</summary>
public static class AuditEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> GetAuditAsync(
        string tenantId, string? pageSize, string? continuation, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (AdminRequests.ValidateIds(tenantId) is { } invalid)
        {
            return invalid;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"An integer from 1 to {MaxPageSize}."];
        }

        var after = continuation is null ? null : AuditTrail.DecodeContinuation(continuation);
        if (continuation is not null && after is null)
        {
            errors["continuation"] = ["Not a continuation token of this trail; pass back the one a previous page returned."];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("validation_failed", "The query is not valid.", errors);
        }

        var budget = services.ReadBudget(cancellationToken);
        if (!await budget.RunAsync(ct => services.Tenants.ExistsAsync(tenantId, ct)))
        {
            return TenantEndpoints.UnknownTenant(tenantId);
        }

        return TypedResults.Ok(await budget.RunAsync(ct => services.Audit.ListAsync(tenantId, size, after, ct)));
    }
}
