using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Client.Tests.Support;

namespace Telemetry.Client.Tests.Unit;

/// <summary>The client's behaviour on a fake clock, against answers scripted where a real service cannot show the case.</summary>
public sealed class TelemetryClientTests
{
    private static TelemetryClientOptions Options(Action<TelemetryClientOptions>? change = null)
    {
        var options = new TelemetryClientOptions
        {
            ServiceUri = new Uri("http://127.0.0.1:9/"),
            ApiKey = "test-key",
            FlushInterval = TimeSpan.FromHours(1),
            PolicyRefreshInterval = TimeSpan.FromHours(1),
            ShutdownTimeout = TimeSpan.Zero,
        };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task ARetryWaitsForRetryAfterAndSendsTheSameRecordIds()
    {
        var time = new FakeTimeProvider();
        using var handler = new ScriptedHandler(() => ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(7)));
        var logs = new FakeLogCollector();
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), new FakeLogger<TelemetryClient>(logs), timeProvider: time);
        client.TrackUsage(Records.Usage(1));
        client.TrackUsage(Records.Usage(2));

        var flush = client.FlushAsync();
        await handler.WaitForPostsAsync(1);
        var retrying = await Eventually.ValueAsync(() => logs.GetSnapshot().FirstOrDefault(r => r.Id.Name == "Retrying"));
        Assert.Equal("00:00:07", retrying.StructuredState!.Single(p => p.Key == "Delay").Value);

        time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Single(handler.Sent.All);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await handler.WaitForPostsAsync(2);
        await flush.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, handler.Sent.All[0].Ids.Count);
        Assert.Equal(handler.Sent.All[0].Ids, handler.Sent.All[1].Ids);
        Assert.Equal(new TelemetryClientCounters(Sent: 2, Suppressed: 0, Rejected: 0, Dropped: 0, Retried: 1), client.Counters);
    }

    [Fact]
    public async Task SuppressedAndRejectedRecordsOfAnAcceptedBatchAreNotSentAgain()
    {
        using var handler = new ScriptedHandler(() => ScriptedHandler.Receipt(accepted: 1, suppressed: 1, rejected: 1));
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), timeProvider: new FakeTimeProvider());
        for (var i = 0; i < 3; i++)
        {
            client.TrackUsage(Records.Usage(i));
        }

        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(handler.Sent.All);
        Assert.Equal(new TelemetryClientCounters(Sent: 1, Suppressed: 1, Rejected: 1, Dropped: 0, Retried: 0), client.Counters);
    }

    [Fact]
    public async Task ABodyTooLargeIsSentAgainInHalves()
    {
        using var handler = new ScriptedHandler(() => ScriptedHandler.Status(HttpStatusCode.RequestEntityTooLarge));
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), timeProvider: new FakeTimeProvider());
        for (var i = 0; i < 10; i++)
        {
            client.TrackUsage(Records.Usage(i));
        }

        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var sent = handler.Sent.All;
        Assert.Equal([10, 5, 5], sent.Select(r => r.Ids.Count));
        Assert.Equal(sent[0].Ids.Order(), sent[1].Ids.Concat(sent[2].Ids).Order());
        Assert.Equal(10, client.Counters.Sent);
    }

    [Fact]
    public async Task ARefusedKeyStopsSendingAndDropsWhatWasBuffered()
    {
        using var handler = new ScriptedHandler(() => ScriptedHandler.Status(HttpStatusCode.Unauthorized));
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), timeProvider: new FakeTimeProvider());
        client.TrackUsage(Records.Usage());
        client.TrackCensus(Records.Census());

        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(client.TrackUsage(Records.Usage()));
        Assert.Single(handler.Sent.All);
        Assert.Equal(new TelemetryClientCounters(Sent: 0, Suppressed: 0, Rejected: 0, Dropped: 3, Retried: 0), client.Counters);
        Assert.Equal(0, client.BufferedRecords);
    }

    [Fact]
    public async Task AFullBufferKeepsTheNewestRecordsAndCountsTheDroppedOnes()
    {
        using var handler = new ScriptedHandler();
        await using var client = new TelemetryClient(new HttpClient(handler), Options(o => o.MaxBufferedRecords = 5), timeProvider: new FakeTimeProvider());
        for (var i = 0; i < 8; i++)
        {
            Assert.True(client.TrackUsage(Records.Usage(imSent: i)));
        }

        Assert.Equal(5, client.BufferedRecords);
        Assert.Equal(3, client.Counters.Dropped);

        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var body = Assert.Single(handler.Sent.All).Body;
        Assert.All(Enumerable.Range(0, 3), i => Assert.DoesNotContain($"\"imSent\":{i},", body, StringComparison.Ordinal));
        Assert.All(Enumerable.Range(3, 5), i => Assert.Contains($"\"imSent\":{i},", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ErrorReportsAreSentOnlyWhileTheUserOptsIn()
    {
        using var handler = new ScriptedHandler();
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), timeProvider: new FakeTimeProvider());

        Assert.False(client.TrackError(Records.Error()));
        client.ErrorReportingOptIn = true;
        Assert.True(client.TrackError(Records.Error()));
        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(client.TrackError(Records.Error()));
        client.ErrorReportingOptIn = false;
        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var sent = Assert.Single(handler.Sent.All);
        Assert.Equal("errors", sent.Category);
        Assert.Contains("\"userOptIn\":true", sent.Body, StringComparison.Ordinal);
        Assert.Equal(2, client.Counters.Suppressed);
    }

    [Fact]
    public async Task BodiesAreGzippedJsonWithCamelCaseFieldsAndNoClearCensusUserId()
    {
        using var handler = new ScriptedHandler();
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), timeProvider: new FakeTimeProvider());
        client.TrackCensus(Records.Census(" Amos.Marble@Contoso.com"));

        await client.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var sent = Assert.Single(handler.Sent.All);
        Assert.True(sent.Gzipped);
        Assert.Contains($"\"userId\":\"{UserIdHash.Compute("amos.marble@contoso.com")}\"", sent.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("marble", sent.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"deviceModel\":\"iPhone\"", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsAreTaggedByCategoryAndOutcomeOnly()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, "Telemetry.Client", "telemetry.client.records.sent");
        using var retried = new MetricCollector<long>(meters, "Telemetry.Client", "telemetry.client.requests.retried");
        using var handler = new ScriptedHandler(() => ScriptedHandler.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)));
        var time = new FakeTimeProvider();
        await using var client = new TelemetryClient(new HttpClient(handler), Options(), meterFactory: meters, timeProvider: time);
        client.TrackUsage(Records.Usage());

        var flush = client.FlushAsync();
        await handler.WaitForPostsAsync(1);
        await Eventually.ValueAsync(() => retried.LastMeasurement);
        time.Advance(TimeSpan.FromSeconds(5));
        await flush.WaitAsync(TimeSpan.FromSeconds(30));

        var measurement = Assert.Single(sent.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal(["category"], measurement.Tags.Keys);
        Assert.Equal("usage", measurement.Tags["category"]);
        Assert.Equal(new Dictionary<string, object?> { ["category"] = "usage", ["outcome"] = "429" }, retried.LastMeasurement!.Tags);
    }

    [Theory]
    [InlineData("PoolId")]
    [InlineData("MaxBatchRecords")]
    [InlineData("ServiceUri")]
    [InlineData("InitialRetryDelay")]
    public void InvalidOptionsAreRefusedWithAMessageThatNamesTheSetting(string setting)
    {
        var options = Options(o =>
        {
            switch (setting)
            {
                case "PoolId": o.Source = TelemetrySource.MeetingsApp; break;
                case "MaxBatchRecords": o.MaxBatchRecords = 501; break;
                case "ServiceUri": o.ServiceUri = new Uri("ftp://127.0.0.1/"); break;
                default: o.InitialRetryDelay = TimeSpan.FromMinutes(2); break;
            }
        });

        var refused = Assert.Throws<OptionsValidationException>(() => new TelemetryClient(new HttpClient(), options));
        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServiceCollectionExtensionValidatesOptionsAndSendsThroughTheNamedHttpClient()
    {
        using var handler = new ScriptedHandler();
        var services = new ServiceCollection();
        services.AddTelemetryClient(o =>
        {
            o.ServiceUri = new Uri("http://127.0.0.1:9/");
            o.ApiKey = "test-key";
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<TelemetryClient>();
            client.TrackUsage(Records.Usage());
        }

        Assert.Single(handler.Sent.All);

        var invalid = new ServiceCollection();
        invalid.AddTelemetryClient(o => o.ApiKey = "test-key");
        await using var broken = invalid.BuildServiceProvider();
        Assert.Contains("ServiceUri", Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<TelemetryClient>()).Message, StringComparison.Ordinal);
    }
}
