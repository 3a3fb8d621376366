namespace Telemetry.Storage;

/// <summary>Key rules the service enforces, checked before any request so a bad key never leaves the process.</summary>
internal static class TableKeys
{
    public const int MaxKeyLength = 1024;

    public static void Validate(string partitionKey, string rowKey)
    {
        ValidateKey(partitionKey, nameof(partitionKey));
        ValidateKey(rowKey, nameof(rowKey));
    }

    private static void ValidateKey(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A table key holds at most {MaxKeyLength} characters; this one has {key.Length}.", parameterName);
        }

        // The key itself is not echoed: keys may be derived from identifiers.
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"A table key may not contain '/', '\\', '#', '?' or control characters (found U+{(int)c:X4}).", parameterName);
            }
        }
    }

    /// <summary>The entity's address: <c>(PartitionKey='p',RowKey='r')</c>, quotes doubled and values percent-encoded.</summary>
    public static string EntityPath(string partitionKey, string rowKey) =>
        $"(PartitionKey='{Quote(partitionKey)}',RowKey='{Quote(rowKey)}')";

    private static string Quote(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
