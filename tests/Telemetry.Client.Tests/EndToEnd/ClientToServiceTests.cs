using Telemetry.Client.Tests.Support;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.EndToEnd;

/// <summary>The library against the real service on Azurite: what it sends lands in the tables, once.</summary>
public sealed class ClientToServiceTests
{
    [Fact]
    public async Task RecordsOfEveryCategoryLandInTheirTables()
    {
        var tenant = await ServiceTenant.RegisterAsync("every-category");
        var sent = new SentRequests();
        await using (var client = tenant.Client(o => o.ErrorReportingOptIn = true, new RecordingHandler(sent)))
        {
            Assert.True(client.TrackCensus(Records.Census()));
            Assert.True(client.TrackUsage(Records.Usage()));
            Assert.True(client.TrackError(Records.Error()));
            await client.FlushAsync();
            Assert.Equal(3, client.Counters.Sent);
        }

        foreach (var (category, table) in new[] { ("census", StoredRows.Census), ("usage", StoredRows.Usage), ("errors", StoredRows.ErrorReports) })
        {
            var ids = sent.Ids(category);
            Assert.Single(ids);
            Assert.Equal(1, (await tenant.Rows.WaitForAsync(table, ids))[ids[0]]);
        }

        var census = Assert.Single(await tenant.Rows.ReadAsync(StoredRows.Census, sent.Ids("census")[0]));
        Assert.DoesNotContain(((IDictionary<string, object>)census).Values, v => v is string text && text.Contains("marble", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RetriesAfterAnInjected503StoreEveryRecordExactlyOnce()
    {
        var tenant = await ServiceTenant.RegisterAsync("retry-503");
        var sent = new SentRequests();
        var faults = new FaultInjectingHandler(Fault.ForwardThenAnswer503, Fault.Answer503);
        await using (var client = tenant.Client(handlers: [new RecordingHandler(sent), faults]))
        {
            for (var i = 0; i < 20; i++)
            {
                client.TrackUsage(Records.Usage(i));
            }

            await client.FlushAsync();
            Assert.Equal(20, client.Counters.Sent);
            Assert.Equal(2, client.Counters.Retried);
        }

        Assert.Equal(3, faults.Posts);
        Assert.Equal(3, sent.All.Count);
        Assert.All(sent.All, request => Assert.Equal(sent.All[0].Ids, request.Ids));
        var counts = await tenant.Rows.WaitForAsync(StoredRows.Usage, sent.Ids("usage"));
        Assert.Equal(20, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task ACategoryTheTenantSwitchedOffStopsBeingSentAndResumesWhenSwitchedOn()
    {
        var tenant = await ServiceTenant.RegisterAsync("suppressed");
        using var admin = tenant.Admin();
        await admin.SetDisableAutomaticSendTracingAsync(tenant.TenantId, true);
        var sent = new SentRequests();
        await using var client = tenant.Client(o => o.ErrorReportingOptIn = true, new RecordingHandler(sent));

        await Eventually.TrueAsync(() => client.Policy?.Usage == Collection.Off, "the policy to switch usage off");
        Assert.Equal(Collection.Off, client.Policy!.Errors);
        Assert.False(client.TrackUsage(Records.Usage()));
        Assert.False(client.TrackError(Records.Error()));
        Assert.True(client.TrackCensus(Records.Census()));
        await client.FlushAsync();

        Assert.Equal(["census"], sent.All.Select(r => r.Category));
        Assert.Equal(2, client.Counters.Suppressed);

        await admin.SetDisableAutomaticSendTracingAsync(tenant.TenantId, false);
        await Eventually.TrueAsync(() => client.Policy?.Usage == Collection.On, "the policy to switch usage on again");
        Assert.True(client.TrackUsage(Records.Usage()));
        await client.FlushAsync();
        var usage = sent.Ids("usage");
        Assert.Equal(1, (await tenant.Rows.WaitForAsync(StoredRows.Usage, usage))[Assert.Single(usage)]);
    }

    [Fact]
    public async Task APoolWithoutMeetingUxEnableTelemetryGetsNothingFromTheJoinLauncher()
    {
        var tenant = await ServiceTenant.RegisterAsync("pool");
        const string pool = "pool01.contoso.com";
        var sent = new SentRequests();
        await using var client = tenant.Client(o => { o.Source = TelemetrySource.JoinLauncher; o.PoolId = pool; }, new RecordingHandler(sent));

        await Eventually.TrueAsync(() => client.Policy is not null, "the first policy answer");
        Assert.Equal(new TelemetryPolicy(Collection.Off, Collection.Off, Collection.Off), client.Policy);
        Assert.False(client.TrackCensus(Records.Census()));

        using (var admin = tenant.Admin())
        {
            await admin.SetMeetingUxEnableTelemetryAsync(tenant.TenantId, pool, true);
        }

        await Eventually.TrueAsync(() => client.Policy?.Census == Collection.On, "the pool to switch collection on");
        Assert.True(client.TrackError(Records.Error(ClientPlatform.Web)));
        await client.FlushAsync();
        var errors = sent.Ids("errors");
        Assert.Equal(1, (await tenant.Rows.WaitForAsync(StoredRows.ErrorReports, errors))[Assert.Single(errors)]);
        Assert.DoesNotContain("userOptIn", sent.All.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingTheClientSendsWhatIsStillBuffered()
    {
        var tenant = await ServiceTenant.RegisterAsync("dispose");
        var sent = new SentRequests();
        var client = tenant.Client(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromMinutes(2);
            o.FlushInterval = TimeSpan.FromHours(1);
        }, new RecordingHandler(sent));
        for (var i = 0; i < 1_200; i++)
        {
            client.TrackUsage(Records.Usage(i));
        }

        // Full batches of 500 may leave while records are still being tracked; the last 200 wait for the flush interval.
        Assert.InRange(client.BufferedRecords, 200, 1_200);
        await client.DisposeAsync();

        Assert.True(client.Counters.Sent == 1_200, $"{client.Counters}; answers: {sent.Answers}");
        Assert.Equal(3, sent.All.Count);
        var counts = await tenant.Rows.WaitForAsync(StoredRows.Usage, sent.Ids("usage"));
        Assert.Equal(1_200, counts.Values.Count(c => c == 1));
    }

    [Fact]
    public async Task AnUnknownKeyStopsTheClientWithoutRetries()
    {
        var tenant = await ServiceTenant.RegisterAsync("unknown-key");
        await using var client = tenant.Client(o => o.ApiKey = "not-a-key-of-any-tenant");

        await Eventually.TrueAsync(() => !client.TrackUsage(Records.Usage()), "the client to give up on the key");
        await client.FlushAsync();

        Assert.Equal(0, client.Counters.Sent);
        Assert.Equal(0, client.Counters.Retried);
    }
}
