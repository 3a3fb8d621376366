using System.Net;
using Xunit.Abstractions;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The packaged handler, started exactly as the Functions host starts it, serves what the host sends.</summary>
public sealed class HostedHandlerTests(PackagedHandlerFixture fixture, ITestOutputHelper output) : IClassFixture<PackagedHandlerFixture>
{
    private HostedHandler Handler => fixture.Handler;

    [Fact]
    public async Task The_handler_started_from_the_app_root_answers_the_readiness_probe_within_the_hosts_limit()
    {
        output.WriteLine($"handler answered GET / {Handler.StartupTime.TotalMilliseconds:F0} ms after start");

        using var response = await Handler.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(Handler.StartupTime, TimeSpan.Zero, HostedHandler.HostStartupLimit);
    }
}
