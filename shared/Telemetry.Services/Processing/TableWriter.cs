using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Processing;

/// <summary>
/// One queue message to table rows: parse, pseudonymize and map, then upsert per partition in entity group
/// transactions of at most 100. Upserts keyed by record id make a redelivered message harmless, and so is
/// writing a message again after its table had to be created again.
/// </summary>
public sealed partial class TableWriter
{
    private readonly TelemetryTables _tables;
    private readonly StorageResources _resources;
    private readonly Pseudonymizer _pseudonymizer;
    private readonly TelemetryMetrics _metrics;
    private readonly ILogger<TableWriter> _logger;
    private readonly int _maxParallelPartitions;

    internal TableWriter(
        TelemetryTables tables, StorageResources resources, Pseudonymizer pseudonymizer, TelemetryMetrics metrics, IOptions<TableWriterOptions> options,
        ILogger<TableWriter> logger)
    {
        _tables = tables;
        _resources = resources;
        _pseudonymizer = pseudonymizer;
        _metrics = metrics;
        _logger = logger;
        _maxParallelPartitions = options.Value.MaxParallelPartitions;
    }

    /// <summary>Stores the message's records; returns the number of rows written.</summary>
    /// <exception cref="FormatException">The message is malformed or belongs to another category's queue.</exception>
    public async Task<int> WriteAsync(TelemetryCategory category, string messageText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var message = TelemetryMessage.Parse(messageText);
        if (message.Category != category)
        {
            throw new FormatException($"A {TelemetryCategories.RouteSegment(message.Category)} message arrived on the {TelemetryCategories.RouteSegment(category)} queue.");
        }

        var transactions = RowTransactions.Cut(EntityMapper.Map(message, _pseudonymizer));
        await _resources.RunAsync(token => Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = _maxParallelPartitions, CancellationToken = token },
            async (transaction, ct) => await _tables.Get(transaction.Table).SubmitTransactionAsync(ToActions(transaction), ct)), cancellationToken);

        var stored = transactions.Sum(transaction => transaction.Rows.Count);
        _metrics.Stored(category, stored);
        LogStored(_logger, stored, TelemetryCategories.RouteSegment(category), transactions.Count);
        return stored;
    }

    private static List<TableTransactionAction> ToActions(RowTransaction transaction) =>
        transaction.Rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(row))).ToList();

    private static TableEntity ToEntity(TelemetryRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stored {Rows} {Category} rows in {Transactions} transactions.")]
    private static partial void LogStored(ILogger logger, int rows, string category, int transactions);
}
