using Telemetry.Services.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>The storage budgets of admin requests.</summary>
internal static class AdminBudgets
{
    /// <summary>A read, which ends when the caller goes away.</summary>
    public static StorageBudget Read(HttpRequest request, TimeProvider time) => new(request.HttpContext.RequestAborted, time);

    /// <summary>
    /// A change runs to its end or its budget even when the caller goes away; the audit trail settles whatever a
    /// change cut off by its budget left behind.
    /// </summary>
    public static StorageBudget Change(TimeProvider time) => new(CancellationToken.None, time);
}
