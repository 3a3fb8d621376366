using System.Net;
using System.Net.Sockets;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Cli;

public sealed class HostProcessTests
{
    [Fact]
    public async Task HelpPrintsTheUsage()
    {
        using var host = HostProcess.Start(["--help"]);

        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Contains(host.Output, l => l.StartsWith("Usage: dotnet Telemetry.LocalHost.dll", StringComparison.Ordinal));
        Assert.Contains(host.Output, l => l.TrimStart().StartsWith("--script-root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownOptionIsAOneLineUsageError()
    {
        using var host = HostProcess.Start(["--nope"]);

        Assert.Equal(2, await host.WaitForExitAsync());
        Assert.Equal(["Unknown option --nope. See --help."], host.Errors);
    }

    [Fact]
    public async Task ATakenPortIsOneLineSayingWhatToDoAndAFailingExit()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (settings, environment) = await SettingsAsync();

        using var host = HostProcess.Start(["--script-root", SampleApp.Directory, "--port", $"{port}", "--settings-file", settings], environment);

        Assert.Equal(1, await host.WaitForExitAsync());
        var error = Assert.Single(host.Errors);
        Assert.Equal(
            $"Port {port} on 127.0.0.1 is already in use: stop the process that listens there, or choose another port (--port <number>, or --port 0 for a free one).",
            error);
    }

    [Fact]
    public async Task SigtermStopsTheWorkerGracefullyAndTheHostExitsCleanly()
    {
        var (settings, environment) = await SettingsAsync();
        using var host = HostProcess.Start(["--script-root", SampleApp.Directory, "--port", "0", "--settings-file", settings], environment);
        var (baseAddress, worker) = await host.WaitUntilReadyAsync();
        using (var client = new HttpClient())
        {
            Assert.Equal("pong", await client.GetStringAsync(new Uri(baseAddress, "api/ping")));
        }

        host.Terminate();

        Assert.Equal(0, await host.WaitForExitAsync());
        Assert.Contains(host.Output, l => l.EndsWith($"Worker process {worker} stopped with code 0.", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => !HostProcess.IsRunning(worker), "the worker to be gone");
    }

    [Fact]
    public async Task TheWorkerDoesNotOutliveAHostThatIsKilledHard()
    {
        var (settings, environment) = await SettingsAsync();
        using var host = HostProcess.Start(["--script-root", SampleApp.Directory, "--port", "0", "--settings-file", settings], environment);
        var (_, worker) = await host.WaitUntilReadyAsync();

        host.KillHard();
        await host.WaitForExitAsync();

        await Eventually.TrueAsync(() => !HostProcess.IsRunning(worker), "the worker of a killed host to exit", context: () => $"worker {worker}");
    }

    // The queue names through a settings file, the storage connection through the environment (which wins).
    private static async Task<(string SettingsFile, Dictionary<string, string?> Environment)> SettingsAsync()
    {
        var (azurite, queues, values) = await SampleHost.PrepareAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("localhost-cli-").FullName, "local.settings.json");
        var fileValues = values.Where(v => v.Key != "AzureWebJobsStorage").ToDictionary(v => v.Key, v => v.Value);
        fileValues["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new { IsEncrypted = false, Values = fileValues }));
        return (file, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString });
    }
}
