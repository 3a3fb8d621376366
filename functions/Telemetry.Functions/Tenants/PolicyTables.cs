using Telemetry.Storage;

namespace Telemetry.Functions.Tenants;

/// <summary>The two tables behind tenants and their policies: Policies and its audit trail, PolicyAudit.</summary>
public sealed record PolicyTables(ITableClient Policies, ITableClient Audit);
