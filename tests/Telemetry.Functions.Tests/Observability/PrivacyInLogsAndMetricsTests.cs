using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Diagnostics;

namespace Telemetry.Functions.Tests.Observability;

/// <summary>What operators see: counts by category and reason; never a clear identifier, a key or a tenant in a metric.</summary>
public sealed class PrivacyInLogsAndMetricsTests
{
    [Fact]
    public async Task LogsHoldNoneOfTheClearIdentifiersOrKeysSent()
    {
        await using var app = await TelemetryApp.StartAsync();
        var tenant = await app.Tenants.CreateAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var clear = new[] { $"amos.{marker}", $"sip:amos.{marker}@contoso.example", "192.0.2.199", $"amos.{marker}@contoso.example" };
        var accepted = Records.Error();
        accepted["userId"] = clear[0];
        accepted["sipUri"] = clear[1];
        accepted["ipAddress"] = clear[2];
        var suppressed = Records.Error(userOptIn: false);
        suppressed["userId"] = clear[0];
        var rejected = Records.Error();
        rejected["email"] = clear[3];
        var census = Records.Census();
        census["userId"] = clear[3];

        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("errors", tenant.Key, Records.Envelope(accepted, suppressed, rejected))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.IngestAsync("census", tenant.Key, Records.Envelope(census))).StatusCode);
        await app.Client.PostAsync("/ProcessErrors", HostPayloads.Content(HostPayloads.Invocation(
            $"{{\"v\":1,\"category\":\"errors\",\"records\":[{{\"userId\":\"{clear[0]}\"}}]}}")));
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, accepted);

        var logs = app.Logs.LogText();
        Assert.Contains("Queued 1 errors records", logs, StringComparison.Ordinal);
        foreach (var value in clear.Append(tenant.Key))
        {
            Assert.DoesNotContain(value, logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task MetricsCountRecordsByCategoryAndOutcomeAndNeverByTenant()
    {
        await using var app = await TelemetryApp.StartAsync();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var instruments = new[] { "received", "accepted", "suppressed", "rejected" }
            .ToDictionary(name => name, name => new MetricCollector<long>(meters, TelemetryMetrics.MeterName, "telemetry.records." + name));
        var tenant = await app.Tenants.CreateAsync();
        var accepted = Records.Error();
        var suppressed = Records.Error(userOptIn: false);
        var rejected = Records.Error();
        rejected["email"] = "someone@contoso.example";

        // Counted while the request is answered. (Rows stored are counted by whichever instance's worker stores them:
        // Telemetry.Services.Tests proves that count on the table writer itself.)
        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("errors", tenant.Key, Records.Envelope(accepted, suppressed, rejected))).StatusCode);

        Assert.Equal(3, Sum(instruments["received"], ("category", "errors")));
        Assert.Equal(1, Sum(instruments["accepted"], ("category", "errors")));
        Assert.Equal(1, Sum(instruments["suppressed"], ("category", "errors"), ("reason", "UserOptIn")));
        Assert.Equal(1, Sum(instruments["rejected"], ("category", "errors"), ("reason", "unknown_field")));
        Assert.All(instruments.Values.SelectMany(collector => collector.GetMeasurementSnapshot()), measurement =>
        {
            Assert.Subset(new HashSet<string> { "category", "reason", "outcome" }, measurement.Tags.Keys.ToHashSet());
            Assert.DoesNotContain(tenant.TenantId, measurement.Tags.Values);
        });
        foreach (var collector in instruments.Values)
        {
            collector.Dispose();
        }
    }

    private static long Sum(MetricCollector<long> collector, params (string Key, string Value)[] tags) =>
        collector.GetMeasurementSnapshot().Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v as string == t.Value)).Sum(m => m.Value);
}
