using System.CommandLine;
using System.Net;
using System.Text.Json;
using Telemetry.Admin.Output;
using Telemetry.Admin.Policy;

namespace Telemetry.Admin.Commands;

/// <summary>
/// <c>policy show|set</c> (the tenant's DisableAutomaticSendTracing) and <c>pool show|set|list</c> (a pool's
/// MeetingUxEnableTelemetry). A set reads the ETag and writes with If-Match, so a concurrent change is reported as a
/// lost update, never overwritten.
/// </summary>
internal static class PolicyCommands
{
    public static Command BuildTenant(Runner run)
    {
        var policy = new Command("policy", $"Show or set the tenant's {PolicySwitch.DisableAutomaticSendTracing}.");
        var tenantId = Arguments.TenantId();
        policy.Subcommands.Add(Show(run, new Command("show", $"Show {PolicySwitch.DisableAutomaticSendTracing} and its ETag.") { tenantId }, p => PolicySwitch.Tenant(p.GetValue(tenantId)!)));
        var setTenant = Arguments.TenantId();
        var value = Value(PolicySwitch.DisableAutomaticSendTracing, "true: usage and error reporting off for the whole organization");
        policy.Subcommands.Add(Set(run, new Command("set", $"Set {PolicySwitch.DisableAutomaticSendTracing}.") { setTenant }, value, p => PolicySwitch.Tenant(p.GetValue(setTenant)!)));
        return policy;
    }

    public static Command BuildPool(Runner run)
    {
        var pool = new Command("pool", $"List pools, or show or set a pool's {PolicySwitch.MeetingUxEnableTelemetry}.");
        var (showTenant, showPool) = (Arguments.TenantId(), Arguments.PoolId());
        pool.Subcommands.Add(Show(run, new Command("show", $"Show {PolicySwitch.MeetingUxEnableTelemetry} and its ETag.") { showTenant, showPool },
            p => PolicySwitch.Pool(p.GetValue(showTenant)!, p.GetValue(showPool)!)));
        var (setTenant, setPool) = (Arguments.TenantId(), Arguments.PoolId());
        var value = Value(PolicySwitch.MeetingUxEnableTelemetry, "true: the Meetings App and join launcher pages of this pool send telemetry");
        pool.Subcommands.Add(Set(run, new Command("set", $"Set {PolicySwitch.MeetingUxEnableTelemetry}.") { setTenant, setPool }, value,
            p => PolicySwitch.Pool(p.GetValue(setTenant)!, p.GetValue(setPool)!)));
        pool.Subcommands.Add(List(run));
        return pool;
    }

    private static Option<bool> Value(string name, string meaning) =>
        new($"--{name}") { Description = $"true or false ({meaning}).", Required = true, Arity = ArgumentArity.ExactlyOne, HelpName = "true|false" };

    private static Command Show(Runner run, Command command, Func<ParseResult, PolicySwitch> target)
    {
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var policy = target(parse);
            var state = await ReadAsync(context, policy, cancellationToken);
            context.Report(Json(policy, state.Value, state.ETag), () =>
                TextTable.WritePairs(context.Out, (policy.Name, Bool(state.Value)), ("ETag", state.ETag ?? "(none: never written, reads as the default)")));
        });
        return command;
    }

    private static Command Set(Runner run, Command command, Option<bool> value, Func<ParseResult, PolicySwitch> target)
    {
        var ifMatch = new Option<string?>("--if-match") { Description = "Write only if the ETag is still this one (from an earlier show); default: the ETag read just now." };
        command.Options.Add(value);
        command.Options.Add(ifMatch);

        // A bool option has a value even when it is not given: insist that it is.
        command.Validators.Add(result =>
        {
            if (result.GetResult(value) is null or { Implicit: true })
            {
                result.AddError($"Option '{value.Name}' is required: true or false.");
            }
        });
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var policy = target(parse);
            var wanted = parse.GetValue(value);
            var before = await ReadAsync(context, policy, cancellationToken);
            var etag = parse.GetValue(ifMatch) ?? before.ETag;
            var answer = await context.Api.SendAsync(HttpMethod.Put, policy.Path, new Dictionary<string, bool> { [policy.Property] = wanted }, etag, cancellationToken);
            if (answer.Status == HttpStatusCode.PreconditionFailed)
            {
                var now = await ReadAsync(context, policy, cancellationToken);
                throw new CliException(
                    ExitCodes.LostUpdate,
                    $"Lost update: {policy.Name} of {policy.Target} changed since it was read; nothing was written. " +
                    $"It is now {Bool(now.Value)} (ETag {now.ETag}). Check the audit trail, then set it again if it should still change.",
                    new { error = "lost_update", status = 412, code = answer.Code, current = Json(policy, now.Value, now.ETag) });
            }

            if (!answer.IsSuccess)
            {
                throw answer.Failure($"Setting {policy.Name} of {policy.Target}");
            }

            context.Report(Json(policy, answer.Flag(policy.Property), answer.ETag), () =>
                context.Out.WriteLine(before.Value == wanted
                    ? $"{policy.Name} of {policy.Target} was already {Bool(wanted)}; nothing changed."
                    : $"{policy.Name} of {policy.Target}: {Bool(before.Value)} -> {Bool(wanted)}. It applies within the policy cache bound (at most 30 s)."));
        });
        return command;
    }

    private static Command List(Runner run)
    {
        var tenantId = Arguments.TenantId();
        var command = new Command("list", $"List a tenant's pools and their {PolicySwitch.MeetingUxEnableTelemetry}.") { tenantId };
        run.Handle(command, async (context, parse, cancellationToken) =>
        {
            var pools = await PoolList.ReadAsync(context, parse.GetValue(tenantId)!, cancellationToken);
            context.Report(new { tenantId = parse.GetValue(tenantId), pools = pools.Select(p => new { poolId = p.PoolId, meetingUxEnableTelemetry = p.Enabled }) }, () =>
                TextTable.Write(context.Out, ["POOL", PolicySwitch.MeetingUxEnableTelemetry], pools.Select(p => (IReadOnlyList<string?>)[p.PoolId, Bool(p.Enabled)])));
        });
        return command;
    }

    /// <summary>The switch's value and ETag; a failure to read it ends the command.</summary>
    internal static async Task<(bool Value, string? ETag)> ReadAsync(CliContext context, PolicySwitch policy, CancellationToken cancellationToken)
    {
        var answer = await context.Api.GetAsync(policy.Path, cancellationToken);
        if (!answer.IsSuccess)
        {
            throw answer.Failure($"Reading {policy.Name} of {policy.Target}");
        }

        return (answer.Flag(policy.Property), answer.ETag);
    }

    private static Dictionary<string, object?> Json(PolicySwitch policy, bool value, string? etag) => new()
    {
        [policy.Property] = value,
        ["etag"] = etag,
    };

    internal static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>The pools of a tenant (<c>GET …/pools</c>).</summary>
internal static class PoolList
{
    public static async Task<IReadOnlyList<(string PoolId, bool Enabled)>> ReadAsync(CliContext context, string tenantId, CancellationToken cancellationToken)
    {
        var answer = await context.Api.GetAsync($"api/v1/admin/tenants/{Arguments.Segment(tenantId)}/pools", cancellationToken);
        if (!answer.IsSuccess)
        {
            throw answer.Failure($"Listing the pools of tenant {tenantId}");
        }

        return [.. answer.Body!.Value.GetProperty("pools").EnumerateArray().Select(p => (
            p.GetProperty("poolId").GetString()!,
            p.TryGetProperty("meetingUxEnableTelemetry", out var on) && on.ValueKind == JsonValueKind.True))];
    }
}
