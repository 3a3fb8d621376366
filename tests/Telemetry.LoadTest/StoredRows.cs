using System.Diagnostics;
using System.Globalization;
using Telemetry.Core;
using Azure.Data.Tables;

namespace Telemetry.LoadTest;

/// <summary>How long the queue side took to store what ingestion accepted.</summary>
public sealed record DrainResult(long Stored, long Expected, TimeSpan AfterLastRequest, TimeSpan FromFirstRequest);

/// <summary>
/// Optional end-to-end measure: counts the Usage rows accepted since the run began until every accepted
/// record is stored (or the time limit ends the wait). Reads the service's own storage, loopback only.
/// </summary>
public static class StoredRows
{
    public static bool TryOpen(string connectionString, out TableClient? usage, out string problem)
    {
        usage = null;
        try
        {
            var account = new TableServiceClient(connectionString);
            if (!account.Uri.IsLoopback)
            {
                problem = "The storage account must be on this machine (an emulator on a loopback address).";
                return false;
            }

            usage = account.GetTableClient(TelemetryCategories.TableName(TelemetryCategory.Usage));
            problem = "";
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            problem = "The storage connection string is not valid: " + e.Message;
            return false;
        }
    }

    public static async Task<DrainResult> WaitAsync(TableClient usage, DateTimeOffset runStart, Stopwatch sinceFirstRequest, long expected, CancellationToken cancellationToken)
    {
        var lastRequest = sinceFirstRequest.Elapsed;
        var filter = string.Create(CultureInfo.InvariantCulture, $"AcceptedAt ge datetime'{runStart.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'");
        long stored = 0;
        try
        {
            while (true)
            {
                long counted = 0;
                await foreach (var page in usage.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken).AsPages())
                {
                    counted += page.Values.Count;
                }

                stored = counted;
                if (stored >= expected)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The run's time limit ended the wait; report what was stored by then.
        }

        var now = sinceFirstRequest.Elapsed;
        return new DrainResult(stored, expected, now - lastRequest, now);
    }
}
