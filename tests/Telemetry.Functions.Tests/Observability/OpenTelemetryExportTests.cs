using System.Net;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Observability;

/// <summary>
/// Logs and the service's metrics leave the worker through OpenTelemetry when a collector is configured, and no
/// export carries a clear identifier or a key, nor a metric a tenant.
/// </summary>
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task LogsAndMetricsReachTheCollectorWithoutPersonalDataOrKeys()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var app = await TelemetryApp.StartAsync(settings =>
        {
            foreach (var (name, value) in collector.Settings())
            {
                settings[name] = value;
            }
        });
        var tenant = await app.Tenants.CreateAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var record = Records.Error();
        record["userId"] = $"amos.{marker}";
        record["sipUri"] = $"sip:amos.{marker}@contoso.example";
        record["ipAddress"] = "192.0.2.211";

        var response = await app.IngestAsync("errors", tenant.Key, Records.Envelope(record));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, record);

        await Eventually.TrueAsync(() => Task.FromResult(
            collector.Exports("metrics").Any(body => body.Contains("telemetry.records.accepted", StringComparison.Ordinal))
            && collector.Exports("logs").Any(body => body.Contains("Queued 1 errors records", StringComparison.Ordinal))));
        var everything = string.Join('\n', collector.Exports("logs").Concat(collector.Exports("metrics")).Concat(collector.Exports("traces")));
        foreach (var secret in new[] { $"amos.{marker}", "192.0.2.211", tenant.Key })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(collector.Exports("metrics"), body => Assert.DoesNotContain(tenant.TenantId, body, StringComparison.Ordinal));
    }
}
