using System.Net;
using System.Net.Http.Json;
using System.Text;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Http;

public sealed class CorsTests
{
    private const string Origin = "http://localhost:5173";

    [Fact]
    public async Task APreflightFromAnAllowedOriginIsAnsweredWithTheRequestedMethodAndHeaders()
    {
        await using var app = await SampleHost.StartAsync(options: o => WithCors(o, Origin));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/tenants/t1/echo");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key,content-encoding");

        using var response = await app.Http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var headers = Single(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("x-api-key", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("content-encoding", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("content-type", headers, StringComparer.OrdinalIgnoreCase);
        // A preflight is the host's to answer: no invocation.
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Executed 'Functions.Echo'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACrossOriginPostGetsTheFunctionsAnswerWithTheCorsHeader()
    {
        await using var app = await SampleHost.StartAsync(options: o => WithCors(o, $"https://elsewhere.example, {Origin}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/tenants/t1/echo")
        {
            Content = new StringContent("""{"a":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("x-api-key", "k");

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Origin, Single(response, "Access-Control-Allow-Origin"));
        var echo = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("""{"a":1}""", echo!["body"].ToString());
    }

    [Fact]
    public async Task AnOriginThatIsNotListedGetsNoCorsHeaders()
    {
        await using var app = await SampleHost.StartAsync(options: o => WithCors(o, Origin));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ping");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CorsComesFromTheSettingsFilesHostSectionWithCredentials()
    {
        var settingsFile = Path.Combine(Directory.CreateTempSubdirectory("localhost-settings-").FullName, "local.settings.json");
        await File.WriteAllTextAsync(settingsFile, $$"""
            { "IsEncrypted": false, "Values": {}, "Host": { "CORS": "{{Origin}}", "CORSCredentials": true } }
            """);
        await using var app = await SampleHost.StartAsync(options: o => new LocalHostOptions
        {
            ScriptRoot = o.ScriptRoot,
            Port = 0,
            Settings = o.Settings,
            LocalSettingsPath = settingsFile,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ping");
        request.Headers.Add("Origin", Origin);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(Origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task WithoutCorsSettingsNoCorsHeadersAreAdded()
    {
        await using var app = await SampleHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ping");
        request.Headers.Add("Origin", Origin);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static LocalHostOptions WithCors(LocalHostOptions options, string origins) => new()
    {
        ScriptRoot = options.ScriptRoot,
        Port = 0,
        ReadLocalSettings = false,
        Settings = options.Settings,
        CorsOrigins = origins,
    };

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);
}
