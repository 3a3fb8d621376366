using System.Net;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Ingestion;

public sealed class RateLimitTests
{
    [Fact]
    public async Task TenantOverItsRateLimitGetsA429WithRetryAfterWhileOtherTenantsGoOn()
    {
        await using var app = await TelemetryApp.StartAsync(settings =>
        {
            settings["Telemetry__RateLimit__Burst"] = "2";
            settings["Telemetry__RateLimit__RequestsPerMinute"] = "1";
        });
        var busy = await app.Tenants.CreateAsync();
        var quiet = await app.Tenants.CreateAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("usage", busy.Key, Records.Envelope(Records.Usage()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("usage", busy.Key, Records.Envelope(Records.Usage()))).StatusCode);
        var limited = await app.IngestAsync("usage", busy.Key, Records.Envelope(Records.Usage()));
        var other = await app.IngestAsync("usage", quiet.Key, Records.Envelope(Records.Usage()));

        await limited.AssertProblemAsync(429, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }
}
