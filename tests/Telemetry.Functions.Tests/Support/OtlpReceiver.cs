using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telemetry.Functions.Tests.Support;

/// <summary>
/// An OTLP/HTTP endpoint on loopback that keeps every export it receives (protobuf bodies, by signal), so a test can
/// see what the worker's OpenTelemetry exporter would send to a collector.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>The bodies received for <paramref name="signal"/> (logs, metrics or traces), as text for searching.</summary>
    public IReadOnlyList<string> Exports(string signal) =>
        [.. _exports.Where(export => export.Signal == signal).Select(export => System.Text.Encoding.UTF8.GetString(export.Body))];

    /// <summary>The settings that point an app's OTLP exporter here, exporting often.</summary>
    public Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
