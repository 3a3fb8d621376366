using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Telemetry.LocalHost.Tests.Support;

/// <summary>The local host's console tool as a child process, its output collected; killed when disposed.</summary>
internal sealed partial class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private HostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Remember(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Output => [.. _output];

    public IReadOnlyList<string> Errors => [.. _errors];

    public static HostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(SampleApp.HostAssembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        return new HostProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the ready line and returns the HTTP address and the worker's process id.</summary>
    public async Task<(Uri BaseAddress, int WorkerId)> WaitUntilReadyAsync()
    {
        var ready = await Eventually.ValueAsync(
            () => Task.FromResult(Output.Select(l => ReadyLine().Match(l)).FirstOrDefault(m => m.Success)),
            "the host's ready line",
            context: () => string.Join(Environment.NewLine, Output.Concat(Errors)));
        var worker = Output.Select(l => WorkerLine().Match(l)).First(m => m.Success);
        return (new Uri(ready.Groups["address"].Value), int.Parse(worker.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<int> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        await _process.WaitForExitAsync(deadline.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager or <c>kill</c> sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void KillHard() => _process.Kill();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Remember(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex(@"Host started: .*HTTP on (?<address>http://\S+/),")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"Worker process started \(pid (?<pid>\d+)\)")]
    private static partial Regex WorkerLine();
}
