using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Http;

public sealed class HttpForwardingTests(SampleHostFixture fixture) : IClassFixture<SampleHostFixture>
{
    private readonly SampleHost _app = fixture.App;

    [Fact]
    public void TheFunctionsFoundCarryTheirRoutesMethodsAndQueues()
    {
        var functions = _app.Host.Functions.ToDictionary(f => f.Name);

        var echo = functions["Echo"];
        Assert.Equal("httpTrigger", echo.TriggerType);
        Assert.Equal("api/tenants/{tenantId}/echo/{*rest}", echo.Route);
        Assert.Equal(["GET", "POST", "PUT", "DELETE"], echo.Methods);
        Assert.Equal("Function", echo.AuthLevel);
        Assert.Equal("Anonymous", functions["Ping"].AuthLevel);

        var record = functions["Record"];
        Assert.Equal("queueTrigger", record.TriggerType);
        Assert.Equal(_app.Queues.Record, record.QueueName);
        Assert.Equal("AzureWebJobsStorage", record.Connection);
        Assert.Equal(_app.Queues.Fail, functions["Fail"].QueueName);
        Assert.All(functions.Values, f => Assert.False(f.IsDisabled));
    }

    [Fact]
    public async Task ARequestReachesTheFunctionWithRouteValuesBoundAndPathQueryAndHeadersIntact()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tenants/contoso-7/echo/a/b?x=1&y=two%20words");
        request.Headers.Add("x-probe", "probe value");

        using var response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = (await response.Content.ReadFromJsonAsync<Echo>())!;
        Assert.Equal("contoso-7", echo.TenantId);
        Assert.Equal("a/b", echo.Rest);
        Assert.Equal("GET", echo.Method);
        Assert.Equal("/api/tenants/contoso-7/echo/a/b", echo.Path);
        Assert.Equal("?x=1&y=two%20words", echo.Query);
        Assert.Equal("probe value", echo.Probe);
        // The worker paired the forwarded request with the invocation through the header.
        Assert.Equal(echo.InvocationId, echo.InvocationHeader);
    }

    [Fact]
    public async Task QueryParametersBindByNameButTheFunctionKeyDoesNot()
    {
        var echo = (await _app.Http.GetFromJsonAsync<Echo>("api/tenants/t1/echo?x=from-query&code=function-key"))!;

        Assert.Equal("from-query", echo.BoundX);
        Assert.Null(echo.BoundCode);
        Assert.Equal("?x=from-query&code=function-key", echo.Query);
    }

    [Fact]
    public async Task ABodyIsForwardedUnchangedEvenWhenCompressed()
    {
        const string json = """{"records":[{"name":"one"},{"name":"two"}]}""";
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _app.Http.PostAsync("api/tenants/t1/echo", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = (await response.Content.ReadFromJsonAsync<Echo>())!;
        Assert.Equal("POST", echo.Method);
        Assert.Equal("application/json", echo.ContentType);
        Assert.Equal(json, echo.Body);
    }

    [Fact]
    public async Task EachRequestIsANewInvocation()
    {
        var first = (await _app.Http.GetFromJsonAsync<Echo>("api/tenants/t1/echo"))!;
        var second = (await _app.Http.GetFromJsonAsync<Echo>("api/tenants/t1/echo"))!;

        Assert.NotEqual(first.InvocationId, second.InvocationId);
    }

    [Theory]
    [InlineData("GET", "api/nothing/here")]
    [InlineData("GET", "ping")] // Without the route prefix.
    [InlineData("DELETE", "api/ping")] // A method the function does not take.
    [InlineData("GET", "api/items/not-a-number")] // A route constraint that does not hold.
    public async Task ARequestThatMatchesNoFunctionIsANotFoundWithoutABody(string method, string path)
    {
        using var response = await _app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RouteConstraintsAreHonouredAndTypedRouteValuesBind()
    {
        using var response = await _app.Http.GetAsync("api/items/42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":42}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheAnswerIsTheWorkersResponseStatusHeadersAndBody()
    {
        using var response = await _app.Http.GetAsync("api/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFunctionThatThrowsIsLoggedAsAFailedInvocationWithItsExceptionTypeAndMessage()
    {
        using var response = await _app.Http.PostAsync("api/throw", null);

        await Eventually.TrueAsync(
            () => _app.Logs.GetSnapshot().Any(r => r.Message.StartsWith("Executed 'Functions.Throw' (Failed", StringComparison.Ordinal) &&
                                                   r.Message.EndsWith("System.InvalidOperationException: Throw always throws.", StringComparison.Ordinal)),
            "the failed invocation's log line",
            context: _app.LogTail);
    }

    private sealed record Echo(
        string TenantId,
        string? Rest,
        string Method,
        string Path,
        string Query,
        string Probe,
        string? ContentType,
        string Body,
        string InvocationId,
        string InvocationHeader,
        string? BoundX,
        string? BoundCode);
}
