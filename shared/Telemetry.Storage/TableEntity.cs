namespace Telemetry.Storage;

/// <summary>
/// A table entity: PartitionKey, RowKey and typed properties. Property values are string, bool, int,
/// long, double, DateTimeOffset (or UTC DateTime), Guid, byte[] or null; each is written with the OData
/// annotation that Azure's SDKs and Storage Explorer expect, and read back as the same CLR type.
/// </summary>
public sealed class TableEntity : Dictionary<string, object?>
{
    public TableEntity(string partitionKey, string rowKey)
        : base(StringComparer.Ordinal)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>The service's ETag when the entity was read or written; null for a new entity.</summary>
    public string? ETag { get; set; }

    /// <summary>The service's Timestamp when read; null for a new entity.</summary>
    public DateTimeOffset? Timestamp { get; set; }
}
