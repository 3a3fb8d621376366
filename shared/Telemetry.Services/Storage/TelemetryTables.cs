using System.Collections.Concurrent;
using Azure.Data.Tables;
using Telemetry.Core;

namespace Telemetry.Services.Storage;

/// <summary>The category tables, Policies and PolicyAudit, one client each, opened by name.</summary>
internal sealed class TelemetryTables(Func<string, TableClient> open)
{
    private readonly ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.Ordinal);

    public TableClient For(TelemetryCategory category) => Get(TelemetryCategories.TableName(category));

    /// <summary>Looks up a table of <see cref="StorageNames.Tables"/> by name.</summary>
    public TableClient Get(string name) => _clients.GetOrAdd(name, open);

    public TableClient Policies => Get(StorageNames.PoliciesTable);

    public TableClient Audit => Get(StorageNames.PolicyAuditTable);

    /// <summary>Every table of <see cref="StorageNames.Tables"/>.</summary>
    public IEnumerable<TableClient> All => StorageNames.Tables.Select(Get);
}
