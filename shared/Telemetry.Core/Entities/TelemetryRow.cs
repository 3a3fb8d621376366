namespace Telemetry.Core;

/// <summary>
/// One Table Storage entity to upsert. Property values are only string, bool, int, long, double,
/// DateTimeOffset or Guid, so they map to standard OData types.
/// </summary>
public sealed record TelemetryRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, object?> Properties);
