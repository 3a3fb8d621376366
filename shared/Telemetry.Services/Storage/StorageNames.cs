using Telemetry.Core;

namespace Telemetry.Services.Storage;

/// <summary>The service's queues and tables by name: the category queues and the purge queue with their poison queues, and five tables.</summary>
public static class StorageNames
{
    /// <summary>The setting that says where they are, read by the Functions host and by this service alike.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <summary>Tenants, pools and ingestion keys (admins may edit it by hand).</summary>
    public const string PoliciesTable = "Policies";

    /// <summary>Every policy and key change, one partition per tenant.</summary>
    public const string PolicyAuditTable = "PolicyAudit";

    /// <summary>The purges of deleted tenants' Usage and ErrorReports rows (a constant, so that the trigger attribute can name it).</summary>
    public const string TenantPurgeQueue = "telemetry-tenant-purge";

    /// <summary>What the Functions host appends to a queue's name for messages that kept failing.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>The poison queue of a category's queue.</summary>
    public static string PoisonQueue(TelemetryCategory category) => TelemetryCategories.QueueName(category) + PoisonSuffix;

    /// <summary>Every queue the service writes: each category's queue and the purge queue, each with its poison queue.</summary>
    public static IReadOnlyList<string> Queues { get; } =
    [
        .. TelemetryCategories.All.SelectMany(c => new[] { TelemetryCategories.QueueName(c), PoisonQueue(c) }),
        TenantPurgeQueue, TenantPurgeQueue + PoisonSuffix,
    ];

    /// <summary>Every table the service reads or writes.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        [.. TelemetryCategories.All.Select(TelemetryCategories.TableName), PoliciesTable, PolicyAuditTable];
}
