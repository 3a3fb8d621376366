using System.Net;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Ingestion;

public sealed class PolicyEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly TelemetryApp app = fixture.App;

    [Theory]
    [InlineData(false, "on", "opt-in")]
    [InlineData(true, "off", "off")]
    public async Task ClientLearnsWhatItsTenantCollects(bool dast, string usage, string errors)
    {
        var tenant = await app.Tenants.CreateAsync(dast);

        var body = await GetAsync(tenant.Key, "/api/v1/policy?source=client");

        Assert.Equal("client", body.GetProperty("source").GetString());
        Assert.Equal("on", body.GetProperty("census").GetString());
        Assert.Equal(usage, body.GetProperty("usage").GetString());
        Assert.Equal(errors, body.GetProperty("errors").GetString());
    }

    [Theory]
    [InlineData(true, false, "on", "on")]
    [InlineData(true, true, "on", "off")]
    [InlineData(false, false, "off", "off")]
    public async Task MeetingsAppLearnsWhatItsPoolCollects(bool mux, bool dast, string census, string others)
    {
        var tenant = await app.Tenants.CreateAsync(dast, ("pool01.contoso.example", mux));

        var body = await GetAsync(tenant.Key, "/api/v1/policy?source=meetingsApp&poolId=pool01.contoso.example");

        Assert.Equal("meetingsApp", body.GetProperty("source").GetString());
        Assert.Equal(census, body.GetProperty("census").GetString());
        Assert.Equal(others, body.GetProperty("usage").GetString());
        Assert.Equal(others, body.GetProperty("errors").GetString());
    }

    [Fact]
    public async Task UnknownPoolReadsAsCollectionOff()
    {
        var tenant = await app.Tenants.CreateAsync();

        var body = await GetAsync(tenant.Key, "/api/v1/policy?source=joinLauncher&poolId=nowhere");

        Assert.Equal("off", body.GetProperty("census").GetString());
    }

    [Theory]
    [InlineData("/api/v1/policy", "invalid_source")]
    [InlineData("/api/v1/policy?source=fax", "invalid_source")]
    [InlineData("/api/v1/policy?source=meetingsApp", "missing_pool_id")]
    [InlineData("/api/v1/policy?source=meetingsApp&poolId=-bad", "invalid_pool_id")]
    public async Task InvalidQueryIsA400(string url, string code)
    {
        var tenant = await app.Tenants.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-api-key", tenant.Key);

        var response = await app.Client.SendAsync(request);

        await response.AssertProblemAsync(400, code);
    }

    [Fact]
    public async Task PolicyNeedsAnApiKey()
    {
        var response = await app.Client.GetAsync("/api/v1/policy?source=client");
        await response.AssertProblemAsync(401, "missing_api_key");
    }

    private async Task<System.Text.Json.JsonElement> GetAsync(string key, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-api-key", key);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
