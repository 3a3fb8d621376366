using System.CommandLine;
using System.Net;
using System.Text.Json;
using Telemetry.Admin.Output;

namespace Telemetry.Admin.Commands;

/// <summary><c>tenant register|rename|show|list|delete</c>.</summary>
internal static class TenantCommands
{
    public static Command Build(Runner run)
    {
        var tenant = new Command("tenant", "Register, rename, show, list and delete tenants.");
        tenant.Subcommands.Add(Register(run, "register", "Register a tenant; prints its first ingestion key, shown only this once.", mustExist: false));
        tenant.Subcommands.Add(Register(run, "rename", "Change a registered tenant's display name.", mustExist: true));
        tenant.Subcommands.Add(Show(run));
        tenant.Subcommands.Add(List(run));
        tenant.Subcommands.Add(Delete(run));
        return tenant;
    }

    private static Command Register(Runner run, string name, string description, bool mustExist)
    {
        var tenantId = Arguments.TenantId();
        var displayName = new Option<string>("--display-name") { Description = "The name people see, e.g. Contoso.", Required = true };
        var command = new Command(name, description) { tenantId, displayName };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            var path = $"api/v1/admin/tenants/{Arguments.Segment(id)}";
            if (mustExist && await context.Api.GetAsync(path, cancellationToken) is { IsSuccess: false } missing)
            {
                throw missing.Failure($"Reading tenant {id}");
            }

            var answer = await context.Api.SendAsync(HttpMethod.Put, path, new { displayName = parse.GetValue(displayName) }, null, cancellationToken);
            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Registering tenant {id}");
            }

            context.Report(answer.Body!, () =>
            {
                if (answer.Status == HttpStatusCode.Created)
                {
                    context.Out.WriteLine($"Registered tenant {id} ({answer.Text("displayName")}).");
                    context.Out.WriteLine($"Its ingestion key {answer.Text("keyId")} is shown only now; store it where its clients can read it:");
                    context.Out.WriteLine($"  {answer.Text("key")}");
                }
                else
                {
                    context.Out.WriteLine($"Tenant {id} was already registered; its display name is now '{answer.Text("displayName")}'.");
                }
            });
        });
        return command;
    }

    private static Command Show(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var command = new Command("show", "Show a tenant and its key ids (never the keys).") { tenantId };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            var answer = await context.Api.GetAsync($"api/v1/admin/tenants/{Arguments.Segment(id)}", cancellationToken);
            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Reading tenant {id}");
            }

            context.Report(answer.Body!, () =>
            {
                TextTable.WritePairs(context.Out, ("Tenant", id), ("Display name", answer.Text("displayName")));
                context.Out.WriteLine();
                var keys = answer.Body!.Value.GetProperty("keys").EnumerateArray().Select(k => (IReadOnlyList<string?>)
                [
                    k.GetProperty("keyId").GetString(),
                    TextTable.Time(k.TryGetProperty("createdAt", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null),
                    k.GetProperty("revoked").GetBoolean() ? "revoked" : "active",
                ]);
                TextTable.Write(context.Out, ["KEY ID", "CREATED", "STATE"], keys);
            });
        });
        return command;
    }

    private static Command List(Runner run)
    {
        var command = new Command("list", "List the registered tenants, ordered by id (every page).");
        run.Handle(command, async (context, _, cancellationToken) =>
        {
            var tenants = new List<JsonElement>();
            string? continuation = null;
            do
            {
                var path = "api/v1/admin/tenants?limit=1000" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
                var answer = await context.Api.GetAsync(path, cancellationToken);
                if (!answer.IsSuccess)
                {
                    throw answer.Failure("Listing tenants");
                }

                tenants.AddRange(answer.Body!.Value.GetProperty("tenants").EnumerateArray());
                continuation = answer.Text("continuation");
            }
            while (continuation is not null);

            context.Report(new { tenants }, () => TextTable.Write(
                context.Out,
                ["TENANT", "DISPLAY NAME", "CREATED"],
                tenants.Select(t => (IReadOnlyList<string?>)[t.GetProperty("tenantId").GetString(), Text(t, "displayName"), TextTable.Time(Text(t, "createdAt"))])));
        });
        return command;
    }

    private static Command Delete(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var yes = new Option<bool>("--yes") { Description = "Do not ask: its keys stop working, its policies go, and its usage and error rows are purged." };
        var command = new Command("delete", "Delete a tenant: revoke its keys, delete its policies, purge its usage and error rows. Asks first unless --yes.") { tenantId, yes };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            if (!parse.GetValue(yes))
            {
                if (run.Terminal is not { } terminal)
                {
                    throw new CliException(ExitCodes.Usage, $"Deleting tenant {id} cannot be undone, and input is not a terminal to ask: add --yes to confirm.");
                }

                context.Out.Write($"Delete tenant {id}? Its keys stop working, its policies go and its usage and error rows are purged; this cannot be undone. Type the tenant id to confirm: ");
                if (await terminal.ReadLineAsync(cancellationToken) is not { } typed || typed.Trim() != id)
                {
                    throw new CliException(ExitCodes.Usage, $"Not confirmed: tenant {id} was not deleted.");
                }
            }

            var answer = await context.Api.SendAsync(HttpMethod.Delete, $"api/v1/admin/tenants/{Arguments.Segment(id)}", null, null, cancellationToken);
            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Deleting tenant {id}");
            }

            context.Report(answer.Body!, () =>
            {
                var body = answer.Body!.Value;
                context.Out.WriteLine($"Deleted tenant {id}: {body.GetProperty("keysRevoked").GetInt32()} keys revoked, " +
                    $"{body.GetProperty("policiesRemoved").GetInt32()} policy entities removed.");
                context.Out.WriteLine($"Its usage and error rows are purged in the background until {TextTable.Time(answer.Text("purgeBefore"))}; " +
                    "its id can be registered again after that. Census rows identify no tenant and stay.");
            });
        });
        return command;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
