using System.Text.Json;
using Telemetry.Client.Tests.Support;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.Browser;

/// <summary>
/// The ES module in headless Chromium, on a page of another origin than the service, against the real service on
/// Azurite; the service answers CORS as run.sh starts it (local.settings Host.CORS).
/// </summary>
public sealed class BrowserClientTests
{
    [Fact]
    public async Task RecordsOfEveryCategoryFromAPageOfAnotherOriginLandInTheirTables()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-every");
        await using var front = await ServiceFront.StartAsync(tenant.Service);
        var deviceId = Guid.NewGuid();

        var (result, page) = await BrowserPage.RunAsync(front.PageUri, "everyCategory", new
        {
            options = Options(tenant, front, source: "client", errorReportingOptIn: true),
            deviceId,
        });
        page.Dispose();

        Assert.Equal([true, true, true], result.GetProperty("tracked").EnumerateArray().Select(t => t.GetBoolean()));
        Assert.Equal(3, result.GetProperty("counters").GetProperty("sent").GetInt32());
        Assert.All(front.Sent.All, request => Assert.True(request.Gzipped));
        Assert.Equal(1, await tenant.Rows.WaitForCountAsync(StoredRows.Census, $"DeviceId eq {deviceId}", 1));
        Assert.Equal(1, await tenant.Rows.WaitForCountAsync(StoredRows.Usage, $"TenantId eq {tenant.TenantId}", 1));
        Assert.Equal(1, await tenant.Rows.WaitForCountAsync(StoredRows.ErrorReports, $"TenantId eq {tenant.TenantId}", 1));
        var census = front.Sent.All.Single(r => r.Category == "census").Body;
        Assert.DoesNotContain("marble", census, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(UserIdHash.Compute("amos.marble@contoso.com"), census, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetriesAfterAnInjected503StoreEveryRecordOfThePageExactlyOnce()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-503");
        await using var front = await ServiceFront.StartAsync(tenant.Service, Fault.ForwardThenAnswer503, Fault.Answer503);

        var (result, page) = await BrowserPage.RunAsync(front.PageUri, "usageBatch", new { options = Options(tenant, front, poolEnabled: true), count = 25 });
        page.Dispose();

        Assert.Equal(25, result.GetProperty("counters").GetProperty("sent").GetInt32());
        Assert.Equal(2, result.GetProperty("counters").GetProperty("retried").GetInt32());
        Assert.Equal(3, front.Sent.All.Count);
        Assert.All(front.Sent.All, request => Assert.Equal(front.Sent.All[0].Ids, request.Ids));
        Assert.Equal(25, front.Sent.Ids("usage").Count);
        var counts = await tenant.Rows.WaitForAsync(StoredRows.Usage, front.Sent.Ids("usage"));
        Assert.All(counts.Values, count => Assert.Equal(1, count));
        Assert.Equal(25, await tenant.Rows.CountWhereAsync(StoredRows.Usage, $"TenantId eq {tenant.TenantId}"));
    }

    [Fact]
    public async Task APoolWithoutMeetingUxEnableTelemetryGetsNothingFromThePage()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-pool-off");
        await using var front = await ServiceFront.StartAsync(tenant.Service);

        var (result, page) = await BrowserPage.RunAsync(front.PageUri, "policyOff", new { options = Options(tenant, front), deviceId = Guid.NewGuid() });
        page.Dispose();

        Assert.Equal("off", result.GetProperty("policy").GetProperty("usage").GetString());
        Assert.Equal(
            new Dictionary<string, bool> { ["usage"] = false, ["errors"] = false, ["census"] = false },
            result.GetProperty("tracked").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean()));
        Assert.Equal(3, result.GetProperty("counters").GetProperty("suppressed").GetInt32());
        Assert.Empty(front.Sent.All);
    }

    [Fact]
    public async Task ClosingTheClientSendsWhatIsStillBuffered()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-close");
        await using var front = await ServiceFront.StartAsync(tenant.Service);

        var (result, page) = await BrowserPage.RunAsync(front.PageUri, "closeSendsTheRest", new { options = Options(tenant, front, poolEnabled: true), count = 40 });
        page.Dispose();

        Assert.Equal(40, result.GetProperty("buffered").GetInt32());
        Assert.Equal(40, result.GetProperty("counters").GetProperty("sent").GetInt32());
        Assert.Equal(40, await tenant.Rows.WaitForCountAsync(StoredRows.Usage, $"TenantId eq {tenant.TenantId}", 40));
    }

    [Fact]
    public async Task RecordsBufferedWhenTheUserLeavesThePageStillLand()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-leave");
        await using var front = await ServiceFront.StartAsync(tenant.Service);

        var (result, page) = await BrowserPage.RunAsync(front.PageUri, "trackAndLeave", new { options = Options(tenant, front, poolEnabled: true), count = 30 }, leave: true);
        using (page)
        {
            Assert.Equal(30, result.GetProperty("buffered").GetInt32());
            Assert.Equal(30, await tenant.Rows.WaitForCountAsync(StoredRows.Usage, $"TenantId eq {tenant.TenantId}", 30));
        }

        Assert.All(front.Sent.All, request => Assert.False(request.Gzipped));
    }

    [Fact]
    public async Task TheServiceAnswersThePreflightsOfThePage()
    {
        var tenant = await ServiceTenant.RegisterAsync("web-preflight");
        using var http = new HttpClient { BaseAddress = tenant.Service.BaseUri };
        const string origin = "http://localhost:8080";

        foreach (var (route, method) in new[] { ("api/v1/usage", "POST"), ("api/v1/policy?source=client", "GET") })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, route);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", method);
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type,content-encoding,x-api-key");
            using var answer = await http.SendAsync(preflight);

            Assert.True(answer.IsSuccessStatusCode, $"{method} {route}: {(int)answer.StatusCode}");
            Assert.Contains(answer.Headers.GetValues("Access-Control-Allow-Origin").Single(), new[] { "*", origin });
            var allowed = string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
            Assert.All(new[] { "content-type", "content-encoding", "x-api-key" }, h => Assert.True(allowed == "*" || allowed.Contains(h, StringComparison.Ordinal), allowed));
        }

        using var policy = new HttpRequestMessage(HttpMethod.Get, "api/v1/policy?source=client");
        policy.Headers.Add("Origin", origin);
        policy.Headers.Add("x-api-key", tenant.Key);
        using var read = await http.SendAsync(policy);
        Assert.Contains(read.Headers.GetValues("Access-Control-Allow-Origin").Single(), new[] { "*", origin });
    }

    private static object Options(ServiceTenant tenant, ServiceFront front, string source = "joinLauncher", bool errorReportingOptIn = false, bool poolEnabled = false)
    {
        if (poolEnabled)
        {
            using var admin = tenant.Admin();
            admin.SetMeetingUxEnableTelemetryAsync(tenant.TenantId, Pool, true).GetAwaiter().GetResult();
        }

        return new
        {
            serviceUrl = front.ServiceUri.ToString(),
            apiKey = tenant.Key,
            source,
            poolId = source == "client" ? null : Pool,
            errorReportingOptIn,
            initialRetryDelayMs = 200,
            maxRetryDelayMs = 2000,
            policyRefreshMs = 1000,
        };
    }

    private const string Pool = "pool01.contoso.com";
}
