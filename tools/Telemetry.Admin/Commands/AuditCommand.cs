using System.CommandLine;
using System.Text.Json;
using Telemetry.Admin.Output;

namespace Telemetry.Admin.Commands;

/// <summary><c>audit</c>: a tenant's policy and key changes, newest first.</summary>
internal static class AuditCommand
{
    private const int MaxPageSize = 200;

    public static Command Build(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var limit = new Option<int>("--limit") { Description = "How many entries to show, newest first.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var command = new Command("audit", "Show the audit trail: every policy and key change, when, by whom, old and new value.") { tenantId, limit };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            var wanted = parse.GetValue(limit);
            var entries = new List<JsonElement>();
            string? continuation = null;
            do
            {
                var path = $"api/v1/admin/tenants/{Arguments.Segment(id)}/audit?pageSize={Math.Min(MaxPageSize, wanted - entries.Count)}" +
                    (continuation is null ? string.Empty : $"&continuation={Uri.EscapeDataString(continuation)}");
                var answer = await context.Api.GetAsync(path, cancellationToken);
                if (!answer.IsSuccess)
                {
                    throw answer.Failure($"Reading the audit trail of tenant {id}");
                }

                entries.AddRange(answer.Body!.Value.GetProperty("entries").EnumerateArray());
                continuation = answer.Text("continuation");
            }
            while (continuation is not null && entries.Count < wanted);

            context.Report(new { tenantId = id, entries }, () => TextTable.Write(
                context.Out,
                ["WHEN", "BY", "SETTING", "TARGET", "OLD", "NEW", "STATUS"],
                entries.Select(e => (IReadOnlyList<string?>)
                [
                    TextTable.Time(Text(e, "changedAt")), Text(e, "changedBy"), Text(e, "setting"),
                    Text(e, "poolId") is { } pool ? $"pool {pool}" : Text(e, "keyId") is { } key ? $"key {key}" : "tenant",
                    Text(e, "oldValue"), Text(e, "newValue"), Text(e, "status"),
                ])));
        });
        return command;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
