using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

/// <summary>
/// Runs in the worker process before its Main. When the local host asks for it, a background thread reads
/// standard input until it ends: the host keeps the writing end of that pipe open for the worker's whole life,
/// and the operating system closes it when the host exits in any way (SIGKILL included). The worker then
/// stops, and is killed outright if a graceful exit takes longer than a few seconds.
/// </summary>
/// <remarks>The runtime requires a type named StartupHook, in no namespace, with a static Initialize method.</remarks>
#pragma warning disable CA1050 // The runtime looks the type up in the global namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    private const string GuardVariable = "TELEMETRY_LOCALHOST_PARENT_PIPE";
    private static readonly TimeSpan GracefulExitLimit = TimeSpan.FromSeconds(5);
    private static Timer? _killTimer;

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(GuardVariable) != "stdin")
        {
            return;
        }

        // Not inherited by processes the worker starts.
        Environment.SetEnvironmentVariable(GuardVariable, null);
        var watcher = new Thread(WaitForHostToGo) { IsBackground = true, Name = "local host guard" };
        watcher.Start();
    }

    private static void WaitForHostToGo()
    {
        try
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _killTimer = new Timer(_ => Process.GetCurrentProcess().Kill(), null, GracefulExitLimit, Timeout.InfiniteTimeSpan);
        Environment.Exit(0);
    }
}
