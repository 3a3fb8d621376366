using Microsoft.Extensions.Options;
using Telemetry.Functions.Configuration;
using Telemetry.Services.Administration;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Development;

/// <summary>
/// Development only: once storage is ready, makes sure the demo tenant exists and prints its ingestion key
/// and sample requests to the console (not to the logs: keys never go there).
/// </summary>
public sealed partial class DemoTenantSeeder(
    DemoTenant demo,
    StorageProvisioner provisioner,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<DemoTenantSeeder> logger) : BackgroundService
{
    private const string HostnameSetting = "WEBSITE_HOSTNAME";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await provisioner.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
            await WaitForStartedAsync(stoppingToken).ConfigureAwait(false);
            var key = DemoTenant.DeriveKey(options.Value.AdminKey);
            var created = await demo.EnsureAsync(key, stoppingToken).ConfigureAwait(false);
            LogDemoTenantReady(logger, DemoTenant.TenantId, created);
            await Console.Out.WriteAsync(Banner(key)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogDemoTenantFailed(logger, exception.Message);
        }
    }

    private Task WaitForStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private string Banner(string key)
    {
        // The host's address, not the worker's own: the host tells it in WEBSITE_HOSTNAME, as in Azure.
        var host = configuration[HostnameSetting] is { Length: > 0 } name ? name.Replace("localhost", "127.0.0.1", StringComparison.Ordinal) : "127.0.0.1:7071";
        var baseAddress = new Uri($"http://{host}/");
        return $"""

            ===== Development only =====================================================
            Demo tenant '{DemoTenant.TenantId}', pool '{DemoTenant.PoolId}' (MeetingUxEnableTelemetry = true).
            Ingestion key (development only): {key}

            Try it:

            """ + "\n" + DemoRequests.Render(baseAddress, key, time.GetUtcNow()) +
            "============================================================================\n\n";
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Development demo tenant {TenantId} ready (created now: {Created}).")]
    private static partial void LogDemoTenantReady(ILogger logger, string tenantId, bool created);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Could not create the development demo tenant: {Reason}")]
    private static partial void LogDemoTenantFailed(ILogger logger, string reason);
}
