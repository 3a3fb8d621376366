using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Telemetry.Testing.Service;

/// <summary>
/// The real service, started the way the contract says acceptance tests start it: <c>bash scripts/run.sh --no-build</c> with
/// its own storage and settings in the environment, ready once <c>GET /api/health</c> answers 200. Stopping sends
/// SIGTERM and waits until every process it started has ended. <see cref="SharedAsync"/> gives one per test process.
/// </summary>
public sealed class RunningService : IAsyncDisposable
{
    /// <summary>How stale the service's cached keys and policies may be: short, so tests see changes within a second.</summary>
    public const int PolicyCacheSeconds = 1;

    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);
    private static readonly Lock SharedLock = new();
    private static Task<RunningService>? _shared;

    // The guard runs the service and stops it with SIGTERM when its stdin closes: when the test stops it, and also when
    // the test process dies in any way, so no service outlives the tests.
    private const string Guard =
        "bash scripts/run.sh --no-build & service=$!\n" +
        "stop() { kill -TERM \"$service\" 2>/dev/null; wait \"$service\"; }\n" +
        "trap 'stop; exit 143' TERM\n" +
        "while read -r _; do :; done\n" +
        "stop\n";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly bool _isShared;
    private int _stopped;

    private RunningService(Process process, ConcurrentQueue<string> output, Uri baseUri, string adminKey, AzuriteServer storage, bool isShared)
    {
        _process = process;
        _output = output;
        _isShared = isShared;
        BaseUri = baseUri;
        AdminKey = adminKey;
        Storage = storage;
    }

    /// <summary>The service's address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The admin key this instance was started with (<c>x-admin-key</c>).</summary>
    public string AdminKey { get; }

    public AzuriteServer Storage { get; }

    /// <summary>The last lines the service printed, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The process-wide instance on the shared Azurite, started on first use and stopped when the process exits.</summary>
    public static Task<RunningService> SharedAsync()
    {
        lock (SharedLock)
        {
            if (_shared is null || _shared.IsFaulted || _shared.IsCanceled)
            {
                _shared = Task.Run(async () =>
                {
                    var service = await StartAsync(await AzuriteServer.SharedAsync().ConfigureAwait(false), isShared: true).ConfigureAwait(false);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => service.Stop();
                    return service;
                });
            }

            return _shared;
        }
    }

    /// <summary>A private instance on <paramref name="storage"/>; dispose it when done.</summary>
    public static Task<RunningService> StartNewAsync(AzuriteServer storage) => StartAsync(storage, isShared: false);

    public ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            Stop();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<RunningService> StartAsync(AzuriteServer storage, bool isShared)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // A port found free can be taken before the service binds it: then the service exits, and we try another.
            var port = FreePort();
            var adminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            var output = new ConcurrentQueue<string>();
            var process = Launch(port, adminKey, storage, output);
            var service = new RunningService(process, output, new Uri($"http://127.0.0.1:{port}/"), adminKey, storage, isShared);
            try
            {
                await service.WaitUntilHealthyAsync().ConfigureAwait(false);
                return service;
            }
            catch (ServiceStartException ex)
            {
                service.Stop();
                failures.Add($"attempt {attempt} (port {port}): {ex.Message}{Environment.NewLine}{service.Output}");
            }
        }

        throw new InvalidOperationException($"The service did not start.{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static Process Launch(int port, string adminKey, AzuriteServer storage, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Guard);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Telemetry__", StringComparison.Ordinal) || k.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CONFIGURATION"] = "Release";
        start.Environment["AzureWebJobsStorage"] = storage.ConnectionString;
        start.Environment["Telemetry__AdminKey"] = adminKey;
        start.Environment["Telemetry__Pseudonymization__Keys__v1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["Telemetry__Pseudonymization__CurrentKey"] = "v1";
        start.Environment["Telemetry__PolicyCacheSeconds"] = PolicyCacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var health = new Uri(BaseUri, "api/health");
        var deadline = DateTime.UtcNow + ReadyDeadline;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new ServiceStartException($"run.sh exited with code {_process.ExitCode} before the service was healthy.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ServiceStartException($"GET /api/health did not answer 200 within {ReadyDeadline.TotalSeconds} s.");
            }

            try
            {
                using var response = await http.GetAsync(health).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while it starts.
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the service (SIGTERM through the guard) and waits until every process it started has ended.</summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var tree = ProcessTree.Descendants(_process.Id);
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The guard already ended.
        }

        var deadline = DateTime.UtcNow + StopDeadline;
        if (!_process.WaitForExit(StopDeadline))
        {
            _process.Kill();
        }

        // Processes that left the tree (re-parented when a parent exited first) are still ours to wait for.
        while (DateTime.UtcNow < deadline && tree.Any(ProcessTree.IsAlive))
        {
            Thread.Sleep(100);
        }

        foreach (var pid in tree.Where(ProcessTree.IsAlive))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Ended meanwhile.
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void Remember(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 60 && output.TryDequeue(out _))
        {
        }
    }

    private sealed class ServiceStartException(string message) : Exception(message);
}
