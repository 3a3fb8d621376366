using System.Net.Http.Json;
using System.Text.Json;
using Telemetry.Testing;
using Telemetry.Testing.Service;

namespace Telemetry.Admin.Tests;

/// <summary>The whole policy lifecycle from the command line against the real service.</summary>
public sealed class PolicyLifecycleTests
{
    [Fact]
    public async Task AnAdminRunsTheWholeLifecycleFromTheCommandLine()
    {
        var service = await RunningService.SharedAsync();
        var cli = Cli.For(service);
        var tenant = TestNames.Tenant("lifecycle");
        const string pool = "pool01.contoso.com";

        var registered = await cli.RunAsync("tenant", "register", tenant, "--display-name", "Contoso", "--json");
        Assert.True(registered.ExitCode == 0, registered.ToString());
        var firstKeyId = registered.Json().GetProperty("keyId").GetString()!;
        var firstKey = registered.Json().GetProperty("key").GetString()!;

        var renamed = await cli.RunAsync("tenant", "rename", tenant, "--display-name", "Contoso Ltd");
        Assert.Contains("display name is now 'Contoso Ltd'", renamed.Output, StringComparison.Ordinal);

        var shown = await cli.RunAsync("tenant", "show", tenant);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("Contoso Ltd", shown.Output, StringComparison.Ordinal);
        Assert.Matches($@"{firstKeyId}\s+\d\d\d\d-\d\d-\d\d \d\d:\d\d:\d\dZ\s+active", shown.Output);

        var before = await cli.RunAsync("policy", "show", tenant, "--json");
        Assert.False(before.Json().GetProperty("disableAutomaticSendTracing").GetBoolean());
        Assert.False(string.IsNullOrEmpty(before.Json().GetProperty("etag").GetString()));

        var set = await cli.RunAsync("policy", "set", tenant, "--DisableAutomaticSendTracing", "true");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("DisableAutomaticSendTracing of tenant", set.Output, StringComparison.Ordinal);
        Assert.Contains("false -> true", set.Output, StringComparison.Ordinal);
        var client = await ClientPolicyAsync(service, firstKey, "source=client", p => p.GetProperty("usage").GetString() == "off");
        Assert.Equal("off", client.GetProperty("usage").GetString());

        Assert.Equal(0, (await cli.RunAsync("pool", "set", tenant, pool, "--MeetingUxEnableTelemetry", "true")).ExitCode);
        var poolShown = await cli.RunAsync("pool", "show", tenant, pool);
        Assert.Matches(@"MeetingUxEnableTelemetry\s+true", poolShown.Output);

        var collects = await cli.RunAsync("collects", tenant, "--pool", pool, "--json");
        Assert.True(collects.ExitCode == 0, collects.ToString());
        var rows = collects.Json().GetProperty("collects").EnumerateArray()
            .ToDictionary(r => r.GetProperty("source").GetString()!, r => $"{r.GetProperty("census")}/{r.GetProperty("usage")}/{r.GetProperty("errors")}");
        Assert.Equal(new Dictionary<string, string> { ["client"] = "on/off/off", ["meetingsApp"] = "on/off/off", ["joinLauncher"] = "on/off/off" }, rows);
        var policy = await ClientPolicyAsync(service, firstKey, $"source=joinLauncher&poolId={pool}", p => p.GetProperty("census").GetString() == "on");
        Assert.Equal(rows["joinLauncher"], $"{policy.GetProperty("census")}/{policy.GetProperty("usage")}/{policy.GetProperty("errors")}");

        var issued = await cli.RunAsync("key", "issue", tenant, "--json");
        Assert.Equal(0, issued.ExitCode);
        var revoked = await cli.RunAsync("key", "revoke", tenant, firstKeyId);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Matches($@"{firstKeyId}\s+\S+ \S+\s+revoked", (await cli.RunAsync("tenant", "show", tenant)).Output);

        var audit = await cli.RunAsync("audit", tenant, "--json");
        Assert.Equal(0, audit.ExitCode);
        var entries = audit.Json().GetProperty("entries").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal("alice@contoso.com", e.GetProperty("changedBy").GetString()));
        Assert.Contains(entries, e => e.GetProperty("setting").GetString() == "DisableAutomaticSendTracing" && e.GetProperty("newValue").GetString() == "true");
        Assert.Contains(entries, e => e.GetProperty("setting").GetString() == "MeetingUxEnableTelemetry" && e.GetProperty("poolId").GetString() == pool);
        Assert.Contains(entries, e => e.GetProperty("setting").GetString() == "Key" && e.GetProperty("keyId").GetString() == firstKeyId && e.GetProperty("newValue").GetString() == "revoked");
        var table = await cli.RunAsync("audit", tenant, "--limit", "2");
        Assert.Equal(3, table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task AChangeMadeSinceTheETagWasReadIsReportedAsALostUpdateAndNotOverwritten()
    {
        var service = await RunningService.SharedAsync();
        var cli = Cli.For(service);
        var tenant = TestNames.Tenant("lost-update");
        Assert.Equal(0, (await cli.RunAsync("tenant", "register", tenant, "--display-name", "Fabrikam")).ExitCode);
        var etag = (await cli.RunAsync("policy", "show", tenant, "--json")).Json().GetProperty("etag").GetString()!;

        Assert.Equal(0, (await cli.With("TELEMETRY_ADMIN_USER", "bob@contoso.com").RunAsync("policy", "set", tenant, "--DisableAutomaticSendTracing", "true")).ExitCode);
        var lost = await cli.RunAsync("policy", "set", tenant, "--DisableAutomaticSendTracing", "false", "--if-match", etag);

        Assert.Equal(4, lost.ExitCode);
        Assert.Contains("Lost update", lost.Error, StringComparison.Ordinal);
        Assert.Contains("It is now true", lost.Error, StringComparison.Ordinal);
        Assert.True((await cli.RunAsync("policy", "show", tenant, "--json")).Json().GetProperty("disableAutomaticSendTracing").GetBoolean());

        var scripted = await cli.RunAsync("policy", "set", tenant, "--DisableAutomaticSendTracing", "false", "--if-match", etag, "--json");
        Assert.Equal(4, scripted.ExitCode);
        Assert.Equal("lost_update", scripted.ErrorJson().GetProperty("error").GetString());
        Assert.True(scripted.ErrorJson().GetProperty("current").GetProperty("disableAutomaticSendTracing").GetBoolean());
    }

    [Fact]
    public async Task FailuresHaveClearMessagesAndDistinctExitCodesAndNeverShowTheAdminKey()
    {
        var service = await RunningService.SharedAsync();
        var cli = Cli.For(service);

        var unknown = await cli.RunAsync("tenant", "show", TestNames.Tenant("nobody"));
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("is registered", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("unknown_tenant", unknown.Error, StringComparison.Ordinal);

        const string wrongKey = "wrong-admin-key-0123456789-0123456789-0123456789";
        var unauthorized = await cli.With("TELEMETRY_ADMIN_KEY", wrongKey).RunAsync("tenant", "show", "contoso");
        Assert.Equal(5, unauthorized.ExitCode);
        Assert.DoesNotContain(wrongKey, unauthorized.Output + unauthorized.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(service.AdminKey, unknown.Output + unknown.Error, StringComparison.Ordinal);

        var invalid = await cli.RunAsync("policy", "show", "not a valid id!");
        Assert.Equal(6, invalid.ExitCode);
        Assert.Contains("tenantId", invalid.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await cli.With("TELEMETRY_URL", null).RunAsync("tenant", "show", "contoso")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("policy", "set", "contoso")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("tenant", "delete", "contoso")).ExitCode);

        var closed = await cli.With("TELEMETRY_URL", $"http://127.0.0.1:{ClosedPort()}").RunAsync("tenant", "show", "contoso");
        Assert.Equal(7, closed.ExitCode);
        Assert.Contains("could not be reached", closed.Error, StringComparison.Ordinal);
    }

    /// <summary>What a client of the tenant is told, read until <paramref name="until"/> holds (changes apply within the cache bound).</summary>
    private static async Task<JsonElement> ClientPolicyAsync(RunningService service, string key, string query, Func<JsonElement, bool> until)
    {
        using var http = new HttpClient { BaseAddress = service.BaseUri };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var answer = await http.GetFromJsonAsync<JsonElement>($"api/v1/policy?{query}");
            if (until(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(100);
        }
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
