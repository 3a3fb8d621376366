using System.CommandLine;
using System.Net;
using Telemetry.Admin.Output;
using Telemetry.Admin.Policy;

namespace Telemetry.Admin.Commands;

/// <summary><c>collects</c>: what a tenant collects now, per source (and pool) and category.</summary>
internal static class CollectsCommand
{
    public static Command Build(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var pools = new Option<string[]>("--pool") { Description = "A pool to include (repeat for more); default: every pool the tenant has.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("collects", "Show what a tenant collects now: per source and pool, each category on, off or opt-in.") { tenantId, pools };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            var (dast, _) = await PolicyCommands.ReadAsync(context, PolicySwitch.Tenant(id), cancellationToken);
            var named = parse.GetValue(pools) ?? [];
            var poolStates = new List<(string PoolId, bool Enabled)>();
            string? note = null;
            if (named.Length > 0)
            {
                foreach (var pool in named)
                {
                    poolStates.Add((pool, (await PolicyCommands.ReadAsync(context, PolicySwitch.Pool(id, pool), cancellationToken)).Value));
                }
            }
            else
            {
                try
                {
                    poolStates.AddRange(await PoolList.ReadAsync(context, id, cancellationToken));
                }
                catch (CliException ex) when (ex.ExitCode == ExitCodes.NotFound)
                {
                    // This service has no pool list: only the pools named with --pool can be shown.
                    note = "This service cannot list pools: name them with --pool. A pool not named collects nothing from the Meetings App " +
                        $"or the join launcher unless its {PolicySwitch.MeetingUxEnableTelemetry} is true.";
                }
            }

            var rows = new List<Collected> { CollectionRules.Client(dast) };
            foreach (var (pool, enabled) in poolStates)
            {
                rows.AddRange(CollectionRules.PoolSources.Select(source => CollectionRules.Pool(source, pool, dast, enabled)));
            }

            context.Report(new { tenantId = id, disableAutomaticSendTracing = dast, collects = rows, note }, () =>
            {
                TextTable.WritePairs(context.Out, ("Tenant", id), (PolicySwitch.DisableAutomaticSendTracing, PolicyCommands.Bool(dast)));
                context.Out.WriteLine();
                TextTable.Write(context.Out, ["SOURCE", "POOL", "CENSUS", "USAGE", "ERRORS"], rows.Select(r => (IReadOnlyList<string?>)[r.Source, r.PoolId, r.Census, r.Usage, r.Errors]));
                context.Out.WriteLine();
                context.Out.WriteLine("opt-in: only from users who turned error reporting on. Windows crashes of the Meetings App and join launcher are never collected (Windows Error Reporting's job).");
                if (note is not null)
                {
                    context.Out.WriteLine(note);
                }
            });
        });
        return command;
    }
}
