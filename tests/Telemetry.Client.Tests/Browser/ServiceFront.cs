using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Client.Tests.Support;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.Browser;

/// <summary>
/// Two loopback origins for a browser test: the page's (it serves the test page and the ES module) and a transparent
/// front of the service that passes every request and answer on unchanged (CORS preflights included), remembers what
/// was posted, and answers the ingestion requests a test chooses with 503 instead.
/// </summary>
public sealed class ServiceFront : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _service;
    private readonly ConcurrentQueue<Fault> _faults;

    private ServiceFront(WebApplication app, HttpClient service, Fault[] faults)
    {
        _app = app;
        _service = service;
        _faults = new ConcurrentQueue<Fault>(faults);
    }

    public SentRequests Sent { get; } = new();

    /// <summary>The test page, e.g. <c>http://localhost:5xxxx/index.html</c>: another origin than the service's.</summary>
    public Uri PageUri { get; private set; } = null!;

    /// <summary>The service's address as the page uses it.</summary>
    public Uri ServiceUri { get; private set; } = null!;

    public static async Task<ServiceFront> StartAsync(RunningService service, params Fault[] faults)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.1:0");
        var app = builder.Build();
        var front = new ServiceFront(app, new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = service.BaseUri }, faults);
        var root = RepositoryRoot.Find();
        var files = new Dictionary<string, (string Path, string Type)>(StringComparer.Ordinal)
        {
            ["/index.html"] = (Path.Combine(root, "tests", "Telemetry.Client.Tests", "Browser", "page", "index.html"), "text/html"),
            ["/scenarios.mjs"] = (Path.Combine(root, "tests", "Telemetry.Client.Tests", "Browser", "page", "scenarios.mjs"), "text/javascript"),
            ["/telemetry-client.mjs"] = (Path.Combine(root, "shared", "telemetry-web", "telemetry-client.mjs"), "text/javascript"),
        };
        app.Run(context => front.HandleAsync(context, files));
        await app.StartAsync();
        var addresses = app.Urls.Select(u => new Uri(u)).ToArray();
        front.PageUri = new Uri($"http://localhost:{addresses[0].Port}/index.html");
        front.ServiceUri = new Uri($"http://127.0.0.1:{addresses[1].Port}/");
        return front;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _service.Dispose();
    }

    private async Task HandleAsync(HttpContext context, Dictionary<string, (string Path, string Type)> files)
    {
        if (context.Connection.LocalPort == PageUri.Port)
        {
            if (!files.TryGetValue(context.Request.Path.Value ?? string.Empty, out var file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = file.Type;
            await context.Response.SendFileAsync(file.Path);
            return;
        }

        await ForwardAsync(context);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || HttpMethods.IsPost(context.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopHeaders.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        var fault = HttpMethods.IsPost(context.Request.Method) && _faults.TryDequeue(out var next) ? next : Fault.None;
        if (HttpMethods.IsPost(context.Request.Method) && await SentRequests.DecodeAsync(request, context.RequestAborted) is { } decoded)
        {
            Sent.Add(decoded);
        }

        if (fault == Fault.Answer503)
        {
            await UnavailableAsync(context, accessControl: []);
            return;
        }

        using var response = await _service.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (fault == Fault.ForwardThenAnswer503)
        {
            // Stored by the service, yet the page is told to try again: its retry must store nothing twice.
            await UnavailableAsync(context, response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)));
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    private static async Task UnavailableAsync(HttpContext context, IEnumerable<KeyValuePair<string, IEnumerable<string>>> accessControl)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        foreach (var (name, values) in accessControl)
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await context.Response.WriteAsync(string.Empty);
    }
}
