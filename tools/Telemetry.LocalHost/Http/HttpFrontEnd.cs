using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Logging;

namespace Telemetry.LocalHost.Http;

/// <summary>Kestrel on the app's port: CORS as <c>func start</c> applies it, then every request to the dispatcher.</summary>
internal sealed class HttpFrontEnd : IAsyncDisposable
{
    // As Core Tools: the host's default request body limit, 100 MB.
    private const long MaxRequestBodySize = 100 * 1024 * 1024;

    private readonly WebApplication _app;

    private HttpFrontEnd(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<HttpFrontEnd> StartAsync(
        IPAddress address,
        int port,
        CorsSettings? cors,
        Func<IServiceProvider, Func<HttpContext, Task>> handler,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<ILoggerFactory>(new FrameworkLogFilter(loggerFactory));
        builder.Services.AddRouting();
        builder.Services.AddHttpForwarder();
        if (cors is not null)
        {
            builder.Services.AddCors();
        }

        var app = builder.Build();
        if (cors is not null)
        {
            app.UseCors(cors.Apply);
        }

        var handle = handler(app.Services);
        app.Run(context => handle(context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new LocalHostStartException(
                $"Port {port} on {address} is already in use: stop the process that listens there, or choose another port (--port <number>, or --port 0 for a free one).", ex);
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.ToString();
        var hostText = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && host != "127.0.0.1" ? $"[{host}]" : host;
        return new HttpFrontEnd(app, new Uri($"http://{hostText}:{bound.Port}/"));
    }

    /// <summary>Stops taking connections and lets requests in flight finish, up to the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var stopping = new CancellationTokenSource(timeout);
        try
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}
