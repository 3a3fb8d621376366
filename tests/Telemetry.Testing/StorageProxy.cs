using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telemetry.Testing;

/// <summary>
/// A loopback HTTP proxy in front of one storage endpoint, for a process the test does not own (the function app's
/// worker): point a connection string's endpoint at <see cref="Endpoint"/> and every request passes through, is
/// recorded, and fails (the connection is dropped, as by a dying network) when a rule of the test says so. Shared Key
/// signatures stay valid: they sign the account and path, not the host.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private readonly ConcurrentQueue<Func<StorageRequest, bool>> _failures = new();
    private readonly Uri _target;

    private StorageProxy(Uri target, WebApplication app)
    {
        _target = target;
        _app = app;
    }

    /// <summary>The proxy's own address, with the account path of the endpoint it stands for.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request that reached the proxy, in order.</summary>
    public IReadOnlyCollection<StorageRequest> Requests => _requests;

    /// <summary>Starts a proxy for <paramref name="target"/> (for example Azurite's queue endpoint).</summary>
    public static async Task<StorageProxy> StartAsync(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new StorageProxy(target, app);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy.Endpoint = new Uri(address, target.AbsolutePath);
        return proxy;
    }

    /// <summary>Drops the connection of every later request that <paramref name="matches"/>.</summary>
    public void FailWhen(Func<StorageRequest, bool> matches) => _failures.Enqueue(matches);

    /// <summary>Lets every request through again.</summary>
    public void Heal() => _failures.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        var account = path.IndexOf('/', 1);
        var request = new StorageRequest(context.Request.Method, Uri.UnescapeDataString(account > 0 ? path[account..] : path), Encoding.UTF8.GetString(body.ToArray()));
        _requests.Enqueue(request);
        if (_failures.Any(matches => matches(request)))
        {
            context.Abort();
            return;
        }

        using var outbound = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, path + context.Request.QueryString));
        outbound.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !outbound.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                outbound.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _forward.SendAsync(outbound, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
