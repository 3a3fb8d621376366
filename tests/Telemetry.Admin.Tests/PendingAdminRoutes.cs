namespace Telemetry.Admin.Tests;

/// <summary>
/// The tests of <c>tenant list</c>, <c>pool list</c> and <c>tenant delete</c> wait for their routes
/// (<c>GET /api/v1/admin/tenants</c>, <c>GET …/tenants/{id}/pools</c>, <c>DELETE …/tenants/{id}</c>).
/// Set <see cref="Reason"/> to null once the service has them.
/// </summary>
internal static class PendingAdminRoutes
{
    public const string? Reason = "waits for GET /api/v1/admin/tenants, GET …/pools and DELETE …/tenants/{tenantId}";
}
