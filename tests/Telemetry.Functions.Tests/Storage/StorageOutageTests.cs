using System.Diagnostics;
using System.Net;
using Telemetry.Functions.Middleware;
using Telemetry.Functions.Tests.Support;
using Xunit.Abstractions;

namespace Telemetry.Functions.Tests.Storage;

/// <summary>
/// With storage gone or hanging, ingestion, admin and health answer 503 with Retry-After well before clients give
/// up: request-path storage calls have a budget of 2.5 s. The bound asserted is far above that budget (a busy
/// machine cannot make it flake) and far below the 22-27 s a request used to hang.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private AzuriteServer _azurite = null!;
    private TelemetryApp _app = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartNewAsync();
        _app = await TelemetryApp.StartAsync(azurite: _azurite);
        _key = (await _app.Tenants.CreateAsync()).Key;
        Assert.Equal(HttpStatusCode.Accepted, (await Eventually202Async()).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _azurite.Resume();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task WithStorageStoppedIngestionAdminAndHealthAnswer503WithRetryAfterAtOnce()
    {
        _azurite.Stop();

        await AssertEveryKindOfRequestAnswers503Async();
    }

    [Fact]
    public async Task WithStorageHangingIngestionAdminAndHealthAnswer503WithRetryAfterWithinTheBudget()
    {
        _azurite.Pause();

        await AssertEveryKindOfRequestAnswers503Async();
    }

    /// <summary>Ingestion with an unknown key (a key read) and with a known one (maybe cached: a queue write), an admin read, health.</summary>
    private async Task AssertEveryKindOfRequestAnswers503Async()
    {
        await AssertAnswered503Async(() => Ingest(IngestionKey()));
        await AssertAnswered503Async(() => Ingest(_key));
        await AssertAnswered503Async(AdminRead);
        await AssertAnswered503Async(() => new HttpRequestMessage(HttpMethod.Get, "/api/health"));
    }

    private async Task AssertAnswered503Async(Func<HttpRequestMessage> create)
    {
        using var request = create();
        var clock = Stopwatch.StartNew();
        using var response = await _app.Client.SendAsync(request);
        var elapsed = clock.Elapsed;
        output.WriteLine($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} after {elapsed.TotalMilliseconds:F0} ms");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{request.RequestUri} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(elapsed < Bound, $"{request.RequestUri} took {elapsed.TotalSeconds:F1} s to answer 503.");
    }

    private async Task<HttpResponseMessage> Eventually202Async()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await _app.Client.SendAsync(Ingest(_key));
            if (response.StatusCode == HttpStatusCode.Accepted || DateTime.UtcNow > until)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(200);
        }
    }

    private static HttpRequestMessage Ingest(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = System.Net.Http.Json.JsonContent.Create(Records.Envelope(Records.Usage())) };
        request.Headers.Add("x-api-key", key);
        return request;
    }

    private static HttpRequestMessage AdminRead()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/tenants/contoso/policy");
        request.Headers.Add(AdminKeyMiddleware.HeaderName, TelemetryApp.AdminKey);
        return request;
    }

    private static string IngestionKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());
}
