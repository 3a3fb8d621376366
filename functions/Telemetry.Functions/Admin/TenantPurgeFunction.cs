using Telemetry.Services.Administration;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>
/// The background purge of a deleted tenant's Usage and ErrorReports rows, one run per message. A run that fails
/// is retried by the host like any queue message and continues where the last one stopped; each run queues the
/// next until the purge is done.
/// </summary>
public sealed class TenantPurgeFunction(TenantPurge purge)
{
    [Function("PurgeTenant")]
    public Task PurgeTenantAsync([QueueTrigger(StorageNames.TenantPurgeQueue, Connection = StorageNames.ConnectionSetting)] string message, FunctionContext context) =>
        purge.RunAsync(message, context.CancellationToken);
}
