using System.CommandLine;

namespace Telemetry.Admin.Commands;

/// <summary><c>key issue|revoke</c>.</summary>
internal static class KeyCommands
{
    public static Command Build(Runner run)
    {
        var key = new Command("key", "Issue and revoke a tenant's ingestion keys.");
        key.Subcommands.Add(Issue(run));
        key.Subcommands.Add(Revoke(run));
        return key;
    }

    private static Command Issue(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var command = new Command("issue", "Issue another ingestion key; it is shown only this once.") { tenantId };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(tenantId)!;
            var answer = await context.Api.SendAsync(HttpMethod.Post, $"api/v1/admin/tenants/{Arguments.Segment(id)}/keys", null, null, cancellationToken);
            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Issuing a key for tenant {id}");
            }

            context.Report(answer.Body!, () =>
            {
                context.Out.WriteLine($"Issued key {answer.Text("keyId")} for tenant {id}; it is shown only now:");
                context.Out.WriteLine($"  {answer.Text("key")}");
            });
        });
        return command;
    }

    private static Command Revoke(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var keyId = new Argument<string>("keyId") { Description = "The key's id, as `tenant show` lists it." };
        var command = new Command("revoke", "Revoke a key; clients using it are refused within the policy cache bound (at most 30 s).") { tenantId, keyId };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var (id, key) = (parse.GetValue(tenantId)!, parse.GetValue(keyId)!);
            var answer = await context.Api.SendAsync(
                HttpMethod.Delete, $"api/v1/admin/tenants/{Arguments.Segment(id)}/keys/{Arguments.Segment(key)}", null, null, cancellationToken);
            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Revoking key {key} of tenant {id}");
            }

            context.Report(new { tenantId = id, keyId = key, revoked = true }, () =>
                context.Out.WriteLine($"Revoked key {key} of tenant {id}; it stops working within the policy cache bound (at most 30 s)."));
        });
        return command;
    }
}
