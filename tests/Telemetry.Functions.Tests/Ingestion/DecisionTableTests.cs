using System.Net;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Ingestion;

/// <summary>Every row of the decision table, through HTTP, against policy entities in the Policies table.</summary>
public sealed class DecisionTableTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Pool = "pool07.contoso.example";
    private readonly TelemetryApp app = fixture.App;

    public static TheoryData<string, string, bool, bool, bool> Cases()
    {
        var data = new TheoryData<string, string, bool, bool, bool>();
        foreach (var source in new[] { "client", "meetingsApp", "joinLauncher" })
        {
            foreach (var category in new[] { "census", "usage", "errors" })
            {
                foreach (var dast in new[] { false, true })
                {
                    foreach (var mux in new[] { false, true })
                    {
                        foreach (var optIn in category == "errors" ? new[] { false, true } : [true])
                        {
                            data.Add(source, category, dast, mux, optIn);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>The decision table, restated: null means accept, otherwise the suppression reason.</summary>
    private static string? Expected(string source, string category, bool dast, bool mux, bool optIn)
    {
        if (source == "client")
        {
            return category switch
            {
                "census" => null,
                "usage" => dast ? "DisableAutomaticSendTracing" : null,
                _ => dast ? "DisableAutomaticSendTracing" : optIn ? null : "UserOptIn",
            };
        }

        if (!mux)
        {
            return "MeetingUxEnableTelemetry";
        }

        return category == "census" || !dast ? null : "DisableAutomaticSendTracing";
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRowOfTheDecisionTableIsAppliedThroughHttp(string source, string category, bool dast, bool mux, bool optIn)
    {
        var tenant = await app.Tenants.CreateAsync(dast, (Pool, mux));
        var record = Records.For(category);
        if (category == "errors")
        {
            record["userOptIn"] = optIn;
        }

        var response = await app.IngestAsync(category, tenant.Key, Records.Envelope(source, source == "client" ? null : Pool, [record]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        var reason = Expected(source, category, dast, mux, optIn);
        var kind = Enum.Parse<TelemetryCategory>(category, ignoreCase: true);
        if (reason is null)
        {
            Assert.Equal(1, body.GetProperty("accepted").GetInt32());
            Assert.Equal(0, body.GetProperty("suppressed").GetInt32());
            await app.WaitForRowAsync(kind, tenant.TenantId, record);
        }
        else
        {
            Assert.Equal(0, body.GetProperty("accepted").GetInt32());
            Assert.Equal(1, body.GetProperty("suppressed").GetInt32());
            Assert.Equal(reason, body.GetProperty("suppressedReason").GetString());
            Assert.Null(await app.FindRowAsync(kind, tenant.TenantId, record));
        }
    }

    [Theory]
    [InlineData("meetingsApp")]
    [InlineData("joinLauncher")]
    public async Task WindowsCrashFromAPoolScopedSourceIsRejectedWhateverThePolicy(string source)
    {
        var tenant = await app.Tenants.CreateAsync(false, (Pool, true));
        var crash = Records.Error();
        crash["kind"] = "crash";
        crash["platform"] = "windows";
        var macCrash = Records.Error();
        macCrash["kind"] = "crash";
        macCrash["platform"] = "mac";

        var response = await app.IngestAsync("errors", tenant.Key, Records.Envelope(source, Pool, [crash, macCrash]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        Assert.Equal("crash_not_collected", Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, macCrash);
        Assert.Null(await app.FindRowAsync(TelemetryCategory.Errors, tenant.TenantId, crash));
    }

    [Fact]
    public async Task PolicyChangedByHandIsAppliedWithinTheCacheBound()
    {
        var tenant = await app.Tenants.CreateAsync(disableAutomaticSendTracing: false);
        Assert.Equal(1, (await (await app.IngestAsync("usage", tenant.Key, Records.Envelope(Records.Usage()))).JsonAsync()).GetProperty("accepted").GetInt32());

        await app.Storage.GetTableClient("Policies").UpsertEntityAsync(
            new Azure.Data.Tables.TableEntity("tenant", tenant.TenantId) { ["DisableAutomaticSendTracing"] = true },
            Azure.Data.Tables.TableUpdateMode.Merge);

        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var body = await (await app.IngestAsync("usage", tenant.Key, Records.Envelope(Records.Usage()))).JsonAsync();
            if (body.GetProperty("suppressed").GetInt32() == 1)
            {
                Assert.Equal("DisableAutomaticSendTracing", body.GetProperty("suppressedReason").GetString());
                return;
            }

            Assert.True(DateTime.UtcNow < until, "The hand edit was not applied within 30 s.");
            await Task.Delay(200);
        }
    }
}
