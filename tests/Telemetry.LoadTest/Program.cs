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

using var client = LoadRun.CreateClient(options);
var baseline = await LoadRun.RunAsync(client, options, Phase.Health, cancellation.Token);
var ingestion = await LoadRun.RunAsync(client, options, Phase.Usage, cancellation.Token);

Report.Print(Console.Out, options, baseline, ingestion);
return ingestion.Failed == 0 && ingestion.Completed == options.Requests ? 0 : 1;
