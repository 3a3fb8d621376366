using Telemetry.LoadTest;

// Posts usage batches to a running service and compares ingestion with GET /api/health measured in
// the same run. Bounded in requests and time; talks to loopback addresses only.
if (!LoadOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource(options.TimeLimit);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

Azure.Data.Tables.TableClient? usageTable = null;
if (options.StorageConnectionString is { } storage && !StoredRows.TryOpen(storage, out usageTable, out problem))
{
    Console.Error.WriteLine(problem);
    return 2;
}

using var client = LoadRun.CreateClient(options);
var baseline = await LoadRun.RunAsync(client, options, Phase.Health, cancellation.Token);

var runStart = DateTimeOffset.UtcNow.AddSeconds(-1); // AcceptedAt comes from the service's clock
var sinceFirstRequest = System.Diagnostics.Stopwatch.StartNew();
var ingestion = await LoadRun.RunAsync(client, options, Phase.Usage, cancellation.Token);
var drain = usageTable is null ? null
    : await StoredRows.WaitAsync(usageTable, runStart, sinceFirstRequest, ingestion.AcceptedRecords, cancellation.Token);

Report.Print(Console.Out, options, baseline, ingestion, drain);
return ingestion.Failed == 0 && ingestion.Completed == options.Requests && (drain is null || drain.Stored >= drain.Expected) ? 0 : 1;
