using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telemetry.Testing;

/// <summary>
/// An Azurite emulator started from the repository's node_modules: in memory, on 127.0.0.1, on free ports.
/// <see cref="SharedAsync"/> gives one instance per test process, killed when the process exits.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lock SharedLock = new();
    private static Task<AzuriteServer>? _shared;

    private readonly Process _process;
    private readonly bool _isShared;
    private int _stopped;

    private AzuriteServer(Process process, AzuritePorts ports, bool isShared)
    {
        _process = process;
        _isShared = isShared;
        BlobEndpoint = ports.Endpoint(ports.Blob);
        QueueEndpoint = ports.Endpoint(ports.Queue);
        TableEndpoint = ports.Endpoint(ports.Table);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
    }

    /// <summary>A full Shared Key connection string for this instance.</summary>
    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>The process-wide instance, started on first use. Disposing it does nothing; it stops when the process exits.</summary>
    public static Task<AzuriteServer> SharedAsync()
    {
        lock (SharedLock)
        {
            // A failed start is not cached, so a later test can try again.
            if (_shared is null || _shared.IsFaulted || _shared.IsCanceled)
            {
                _shared = Task.Run(() => StartAsync(isShared: true));
            }

            return _shared;
        }
    }

    /// <summary>A private instance for a test that must stop or disturb the emulator; dispose it when done.</summary>
    public static Task<AzuriteServer> StartNewAsync() => Task.Run(() => StartAsync(isShared: false));

    public ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            Stop();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Kills the emulator now. Meant for a private instance: the shared one serves every test of the process.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // Azurite first, then its guard, each with a plain SIGKILL. (Process.Kill(entireProcessTree) stops every
        // process of the tree before it kills them; a test process that ends in between leaves them stopped for
        // good, where not even the guard can notice that its test process is gone.) Should this be cut short after
        // Azurite, the guard still ends it all when the test process's end closes its stdin.
        if (!_process.HasExited)
        {
            foreach (var pid in ProcessTree(_process.Id).Reverse())
            {
                _ = Kill(pid, SigKill);
            }
        }

        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // The process already ended.
        }

        _process.Dispose();

        // The guard exits first; its Azurite child may still hold the ports for a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && (IsListening(QueueEndpoint.Port) || IsListening(TableEndpoint.Port)))
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Freezes the emulator (SIGSTOP to it and its guard): connections are still accepted, but no request is ever
    /// answered, like storage that hangs. <see cref="Resume"/> lets it go on. Meant for a private instance, on Linux.
    /// </summary>
    public void Pause() => Signal(SigStop);

    /// <summary>Lets a paused emulator answer again.</summary>
    public void Resume() => Signal(SigCont);

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    private void Signal(int signal)
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        foreach (var pid in ProcessTree(_process.Id))
        {
            _ = Kill(pid, signal);
        }
    }

    private static IEnumerable<int> ProcessTree(int pid)
    {
        yield return pid;
        var children = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(children))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var descendant in ProcessTree(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)))
            {
                yield return descendant;
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<AzuriteServer> StartAsync(bool isShared)
    {
        var launcher = AzuriteLauncher.Locate();
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // Ports found free can be taken by another process before Azurite binds them: try again with new ones.
            var ports = AzuritePorts.Reserve();
            var process = launcher.Start(ports);
            var server = new AzuriteServer(process, ports, isShared);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            try
            {
                await WaitUntilListeningAsync(process, ports).ConfigureAwait(false);
                return server;
            }
            catch (AzuriteStartException ex)
            {
                server.Stop();
                failures.AppendLine($"attempt {attempt}: {ex.Message}");
            }
        }

        throw new InvalidOperationException($"Azurite did not start.{Environment.NewLine}{failures}");
    }

    private static async Task WaitUntilListeningAsync(Process process, AzuritePorts ports)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in new[] { ports.Queue, ports.Table })
        {
            while (!await AcceptsConnectionsAsync(port).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    throw new AzuriteStartException($"the process exited with code {process.ExitCode}: {AzuriteLauncher.Output(process)}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new AzuriteStartException($"port {port} did not accept connections within {StartTimeout.TotalSeconds} s");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class AzuriteStartException(string message) : Exception(message);
}
