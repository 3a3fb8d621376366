using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Http;

public sealed class ProblemResponseTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task UnknownRouteAnswersProblemJson()
    {
        var response = await fixture.App.Client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongMethodOnAnIngestionRouteAnswersProblemJson()
    {
        var response = await fixture.App.Client.GetAsync("/api/v1/usage");

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ReadinessAnswersAtOnce()
    {
        var response = await fixture.App.Client.GetAsync("/");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ready", (await response.JsonAsync()).GetProperty("status").GetString());
    }
}
