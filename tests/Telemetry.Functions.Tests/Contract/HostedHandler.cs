using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>
/// The packaged handler started the way the Functions host starts it: the executable named in host.json,
/// resolved against the app root, with host.json's arguments (%SETTING% expanded), the app root as working
/// directory, the host's FUNCTIONS_* variables and every app setting in the environment. Ready when GET /
/// answers at all, polled every 25 ms like the host does.
/// </summary>
internal sealed partial class HostedHandler : IAsyncDisposable
{
    // Flex Consumption gives the handler 30 seconds to listen.
    public static readonly TimeSpan HostStartupLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostedHandler(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public TimeSpan StartupTime { get; private set; }

    /// <summary>Everything the handler wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<HostedHandler> StartAsync(string appRoot, IReadOnlyDictionary<string, string> appSettings)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string>(appSettings, StringComparer.Ordinal)
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FUNCTIONS_HTTPWORKER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString(),
            ["FUNCTIONS_APP_ROOT_PATH"] = appRoot,
        };

        var start = new ProcessStartInfo(Path.Combine(appRoot, HostJson.ExecutablePath))
        {
            WorkingDirectory = appRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in HostJson.Arguments)
        {
            start.ArgumentList.Add(Expand(argument, environment));
        }

        // Only what the host would pass: nothing of this test process's own ASP.NET Core or service settings.
        foreach (var name in start.Environment.Keys
            .Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Telemetry__", StringComparison.Ordinal)
                || k.StartsWith("AzureWebJobs", StringComparison.Ordinal) || k.StartsWith("FUNCTIONS_", StringComparison.Ordinal))
            .ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var handler = new HostedHandler(process, new Uri($"http://127.0.0.1:{port}/"));
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await handler.WaitUntilReadyAsync(stopwatch);
        return handler;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(Stopwatch stopwatch)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The handler exited with code {_process.ExitCode} before it listened:\n{Output}");
            }

            try
            {
                // Any HTTP answer, even a 404, means ready.
                using var response = await probe.GetAsync(new Uri("/", UriKind.Relative));
                StartupTime = stopwatch.Elapsed;
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (stopwatch.Elapsed > HostStartupLimit)
                {
                    throw new TimeoutException($"The handler did not answer GET / within the host's {HostStartupLimit.TotalSeconds} s:\n{Output}");
                }

                await Task.Delay(25);
            }
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    // %NAME% is replaced by the setting's value, as the host does for customHandler arguments.
    private static string Expand(string argument, Dictionary<string, string> environment) =>
        Setting().Replace(argument, m => environment.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex Setting();
}
