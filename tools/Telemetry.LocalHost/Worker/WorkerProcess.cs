using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Logging;

namespace Telemetry.LocalHost.Worker;

/// <summary>One worker process: started with the host's arguments, its console output logged, its exit observed.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int RememberedLines = 30;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _recentErrors = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int Id { get; private set; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The last lines the worker wrote to stderr, for a start-up failure's message.</summary>
    public string RecentErrors => string.Join(Environment.NewLine, _recentErrors);

    public static WorkerProcess Start(WorkerLaunch launch, string workerId, ILogger consoleLogger)
    {
        var process = new Process { StartInfo = launch.CreateStartInfo(workerId, Guid.NewGuid().ToString()), EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, workerId);
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                HostLog.WorkerOutput(consoleLogger, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                worker.Remember(e.Data);
                HostLog.WorkerErrorOutput(consoleLogger, e.Data);
            }
        };
        process.Exited += (_, _) =>
        {
            // The last lines the worker wrote (often the reason it stopped) are read to their end before its exit counts.
            process.WaitForExit();
            worker._exited.TrySetResult(SafeExitCode(process));
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new LocalHostStartException($"The worker could not be started ({process.StartInfo.FileName}): {ex.Message}", ex);
        }

        worker.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Kills the process and waits (briefly) for it to be gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            // A plain SIGKILL: killing a process tree first stops it, and a stopped worker could not notice that its host is gone.
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            try
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private void Remember(string line)
    {
        _recentErrors.Enqueue(line);
        while (_recentErrors.Count > RememberedLines && _recentErrors.TryDequeue(out _))
        {
        }
    }
}
