using System.Net;
using Telemetry.Testing;
using Telemetry.Testing.Service;

namespace Telemetry.Admin.Tests;

/// <summary>The commands for listing tenants and pools and for deleting a tenant.</summary>
public sealed class AdminRoutesTests
{
    [Fact]
    public async Task TenantListShowsARegisteredTenantWithItsDisplayName()
    {
        var cli = Cli.For(await RunningService.SharedAsync());
        var tenant = TestNames.Tenant("listed");
        Assert.Equal(0, (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Listed Ltd")).ExitCode);

        var listed = await cli.RunAsync("tenant", "list", "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(listed.Json().GetProperty("tenants").EnumerateArray(),
            t => t.GetProperty("tenantId").GetString() == tenant && t.GetProperty("displayName").GetString() == "Listed Ltd");
        Assert.Matches($@"{tenant}\s+Listed Ltd", (await cli.RunAsync("tenant", "list")).Output);
    }

    [Fact]
    public async Task PoolListAndCollectsShowEveryPoolWithItsSetting()
    {
        var cli = Cli.For(await RunningService.SharedAsync());
        var tenant = TestNames.Tenant("pools");
        Assert.Equal(0, (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Pools")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("pool", "set", tenant, "on.contoso.com", "--MeetingUxEnableTelemetry", "true")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("pool", "set", tenant, "off.contoso.com", "--MeetingUxEnableTelemetry", "false")).ExitCode);

        var pools = await cli.RunAsync("pool", "list", tenant, "--json");
        Assert.True(pools.ExitCode == 0, pools.ToString());
        Assert.Equal(
            new Dictionary<string, bool> { ["off.contoso.com"] = false, ["on.contoso.com"] = true },
            pools.Json().GetProperty("pools").EnumerateArray().ToDictionary(p => p.GetProperty("poolId").GetString()!, p => p.GetProperty("meetingUxEnableTelemetry").GetBoolean()));

        var collects = await cli.RunAsync("collects", tenant, "--json");
        var census = collects.Json().GetProperty("collects").EnumerateArray()
            .Where(r => r.GetProperty("source").GetString() == "meetingsApp")
            .ToDictionary(r => r.GetProperty("poolId").GetString()!, r => r.GetProperty("census").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["off.contoso.com"] = "off", ["on.contoso.com"] = "on" }, census);
    }

    [Fact]
    public async Task DeletingATenantSaysWhatWasDoneAndItsKeysStopWorking()
    {
        var service = await RunningService.SharedAsync();
        var cli = Cli.For(service);
        var tenant = TestNames.Tenant("deleted");
        var key = (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Gone", "--json")).Json().GetProperty("key").GetString()!;
        Assert.Equal(0, (await cli.RunAsync("pool", "set", tenant, "pool01", "--MeetingUxEnableTelemetry", "true")).ExitCode);

        var deleted = await cli.RunAsync("tenant", "delete", tenant, "--yes", "--json");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(tenant, deleted.Json().GetProperty("tenantId").GetString());
        Assert.Equal(1, deleted.Json().GetProperty("keysRevoked").GetInt32());
        Assert.Equal(2, deleted.Json().GetProperty("policiesRemoved").GetInt32());
        Assert.Equal("queued", deleted.Json().GetProperty("purge").GetString());
        Assert.Equal(3, (await cli.RunAsync("tenant", "show", tenant)).ExitCode);

        using var http = new HttpClient { BaseAddress = service.BaseUri };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        do
        {
            status = (await http.GetAsync("api/v1/policy?source=client")).StatusCode;
            await Task.Delay(100);
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task DeletingWithoutYesRefusesWhenInputIsNotATerminalAndDeletesNothing()
    {
        var cli = Cli.For(await RunningService.SharedAsync());
        var tenant = TestNames.Tenant("kept");
        Assert.Equal(0, (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Kept")).ExitCode);

        var refused = await cli.RunAsync("tenant", "delete", tenant);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--yes", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("tenant", "show", tenant)).ExitCode);
    }

    [Fact]
    public async Task DeletingAtATerminalAsksAndDeletesOnlyWhenTheTenantIdIsTyped()
    {
        var cli = Cli.For(await RunningService.SharedAsync());
        var tenant = TestNames.Tenant("asked");
        Assert.Equal(0, (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Asked")).ExitCode);

        var declined = await cli.WithTerminal("no\n").RunAsync("tenant", "delete", tenant);
        var kept = await cli.RunAsync("tenant", "show", tenant);
        var confirmed = await cli.WithTerminal(tenant + "\n").RunAsync("tenant", "delete", tenant);

        Assert.Equal(2, declined.ExitCode);
        Assert.Contains("Type the tenant id to confirm", declined.Output, StringComparison.Ordinal);
        Assert.Equal(0, kept.ExitCode);
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Matches($@"Deleted tenant {tenant}: 1 keys revoked, 1 policy entities removed\.", confirmed.Output);
        Assert.Contains("purged in the background until", confirmed.Output, StringComparison.Ordinal);
        Assert.Equal(3, (await cli.RunAsync("tenant", "show", tenant)).ExitCode);
    }
}
