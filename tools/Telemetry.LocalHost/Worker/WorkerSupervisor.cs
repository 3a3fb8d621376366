using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Worker;

/// <summary>
/// Keeps one worker running: starts it, runs the init sequence (WorkerInit, FunctionsMetadata, FunctionLoad,
/// each phase's answers awaited before the next), and when it dies starts a new one, backing off while it keeps dying.
/// </summary>
internal sealed class WorkerSupervisor : IAsyncDisposable
{
    private const string HttpUriCapability = "HttpUri";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan HealthyLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    private readonly WorkerLaunch _launch;
    private readonly WorkerStreams _streams;
    private readonly WorkerLogRouter _logRouter;
    private readonly ILogger _logger;
    private readonly ILogger _protocolLogger;
    private readonly ILogger _consoleLogger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource<WorkerSession> _ready = NewReadySource();
    private WorkerSession? _current;
    private Task _supervision = Task.CompletedTask;

    public WorkerSupervisor(WorkerLaunch launch, WorkerStreams streams, WorkerLogRouter logRouter, ILoggerFactory loggerFactory)
    {
        _launch = launch;
        _streams = streams;
        _logRouter = logRouter;
        _logger = loggerFactory.CreateLogger<WorkerSupervisor>();
        _protocolLogger = loggerFactory.CreateLogger("Telemetry.LocalHost.Protocol");
        _consoleLogger = loggerFactory.CreateLogger("Telemetry.LocalHost.WorkerConsole");
    }

    /// <summary>The functions the first worker reported.</summary>
    public IReadOnlyList<FunctionDescriptor> Functions { get; private set; } = [];

    /// <summary>The process id of the worker that is serving now, if any.</summary>
    public int? ProcessId => _current is { IsAlive: true } current ? current.Process.Id : null;

    /// <summary>Starts the first worker and returns once it has loaded its functions.</summary>
    /// <exception cref="LocalHostStartException">The worker did not start or did not answer.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = await StartSessionAsync(cancellationToken).ConfigureAwait(false);
        Functions = first.Functions;
        Publish(first);
        _supervision = Task.Run(() => SuperviseAsync(first));
    }

    /// <summary>The serving worker, waiting up to <paramref name="wait"/> for one that is starting; null if none.</summary>
    public async Task<WorkerSession?> GetReadyAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = wait == Timeout.InfiniteTimeSpan ? (DateTimeOffset?)null : DateTimeOffset.UtcNow + wait;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        while (!_stopping.IsCancellationRequested)
        {
            TimeSpan remaining = deadline is { } d ? d - DateTimeOffset.UtcNow : Timeout.InfiniteTimeSpan;
            if (deadline is not null && remaining <= TimeSpan.Zero)
            {
                return null;
            }

            WorkerSession session;
            try
            {
                session = await Volatile.Read(ref _ready).Task.WaitAsync(remaining, stopping.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (session.IsAlive)
            {
                return session;
            }

            // It died and is about to be replaced: wait for the supervisor to notice.
            try
            {
                await session.Ended.WaitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            Unpublish(session);
        }

        return null;
    }

    /// <summary>Kills a worker that must not go on (a function ran past its timeout); a new one starts.</summary>
    public Task RestartAsync(WorkerSession session) => session.Process.KillAsync();

    /// <summary>Sends WorkerTerminate, waits for the worker to exit (bounded), then kills it.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_stopping.IsCancellationRequested)
        {
            await _supervision.ConfigureAwait(false);
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var current = _current;
        if (current is not null && !current.Process.HasExited)
        {
            current.Channel.Terminate(timeout);
            try
            {
                await current.Process.Exited.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                HostLog.WorkerKilled(_logger, current.Process.Id, timeout);
                await current.Process.KillAsync().ConfigureAwait(false);
            }
        }

        await _supervision.ConfigureAwait(false);
        current?.Channel.Close();
        current?.Process.Dispose();
    }

    // The stop token stays usable: callers may still ask for a worker (and get none) after the stop.
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);

    private static TaskCompletionSource<WorkerSession> NewReadySource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task SuperviseAsync(WorkerSession session)
    {
        var failures = 0;
        var restarts = 0;
        while (true)
        {
            await session.Ended.ConfigureAwait(false);
            Unpublish(session);
            session.Channel.Close();
            if (!_stopping.IsCancellationRequested && !session.Process.HasExited)
            {
                // Its stream broke but the process lives on: a worker that cannot be reached is killed and replaced.
                await session.Process.KillAsync().ConfigureAwait(false);
            }

            // While stopping, StopAsync bounds the wait and kills a worker that lingers.
            var exitCode = await session.Process.Exited.ConfigureAwait(false);
            if (_stopping.IsCancellationRequested)
            {
                HostLog.WorkerStopped(_logger, session.Process.Id, exitCode);
                return;
            }

            HostLog.WorkerExited(_logger, session.Process.Id, exitCode);
            session.Process.Dispose();
            failures = DateTimeOffset.UtcNow - session.ReadyAt >= HealthyLifetime ? 1 : failures + 1;

            WorkerSession? next = null;
            while (next is null)
            {
                var delay = RestartDelay(failures);
                HostLog.WorkerRestarting(_logger, (long)delay.TotalMilliseconds, ++restarts);
                try
                {
                    await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                    next = await StartSessionAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (LocalHostStartException ex)
                {
                    HostLog.WorkerStartFailed(_logger, ex.Message);
                    failures++;
                }
            }

            WarnIfFunctionsChanged(next);
            Publish(next);
            session = next;
        }
    }

    // The first restart is immediate; then 1 s, 2 s, 4 s ... up to 30 s while the worker keeps dying young.
    private static TimeSpan RestartDelay(int failures) =>
        failures <= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxRestartDelay.TotalSeconds, Math.Pow(2, failures - 2)));

    private void Publish(WorkerSession session)
    {
        lock (_lock)
        {
            _current = session;
            if (!_ready.TrySetResult(session))
            {
                _ready = NewReadySource();
                _ready.SetResult(session);
            }
        }

        // A stop that came while this worker was starting must not leave it running.
        if (_stopping.IsCancellationRequested)
        {
            session.Channel.Terminate(TimeSpan.Zero);
        }
    }

    private void Unpublish(WorkerSession session)
    {
        lock (_lock)
        {
            if (_ready.Task.IsCompletedSuccessfully && ReferenceEquals(_ready.Task.Result, session))
            {
                _ready = NewReadySource();
            }
        }
    }

    private void WarnIfFunctionsChanged(WorkerSession next)
    {
        var before = Functions.Select(f => f.Name).Order(StringComparer.Ordinal);
        var after = next.Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        if (!before.SequenceEqual(after, StringComparer.Ordinal))
        {
            HostLog.FunctionsChanged(_logger, string.Join(", ", after));
        }
    }

    private async Task<WorkerSession> StartSessionAsync(CancellationToken cancellationToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var channel = new WorkerChannel(workerId, _logRouter, _protocolLogger);
        _streams.Expect(channel);
        WorkerProcess process;
        try
        {
            process = WorkerProcess.Start(_launch, workerId, _consoleLogger);
        }
        catch
        {
            _streams.Forget(workerId);
            throw;
        }

        HostLog.WorkerStarted(_logger, process.Id);
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartupTimeout);
        try
        {
            await Task.WhenAny(channel.Connected, process.Exited).WaitAsync(timeout.Token).ConfigureAwait(false);
            if (!channel.Connected.IsCompleted)
            {
                throw new WorkerLostException($"the worker exited with code {process.Exited.Result} before it connected.");
            }

            var init = await channel.InitializeAsync(new WorkerInitRequest
            {
                HostVersion = HostVersion,
                WorkerDirectory = _launch.ScriptRoot,
                FunctionAppDirectory = _launch.ScriptRoot,
            }).WaitAsync(timeout.Token).ConfigureAwait(false);
            EnsureSuccess(init.Result, "initialize");
            var httpUri = init.Capabilities.TryGetValue(HttpUriCapability, out var uri) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : null;

            var metadata = await channel.GetFunctionsAsync(new FunctionsMetadataRequest { FunctionAppDirectory = _launch.ScriptRoot })
                .WaitAsync(timeout.Token).ConfigureAwait(false);
            EnsureSuccess(metadata.Result, "index its functions");
            if (metadata.UseDefaultMetadataIndexing)
            {
                throw new LocalHostStartException(
                    "The worker asks the host to read functions.metadata itself (no worker indexing), which the local host does not do. Keep the Worker SDK's default, FunctionsEnableWorkerIndexing=true.");
            }

            var functions = metadata.FunctionMetadataResults.Select(FunctionDescriptor.From).ToArray();
            var loads = await Task.WhenAll(functions.Select(f => channel.LoadAsync(new FunctionLoadRequest { FunctionId = f.FunctionId, Metadata = f.Metadata })))
                .WaitAsync(timeout.Token).ConfigureAwait(false);
            var loaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var load in loads)
            {
                if (load.Result?.Status == StatusResult.Types.Status.Success)
                {
                    loaded.Add(load.FunctionId);
                }
                else
                {
                    var name = functions.FirstOrDefault(f => f.FunctionId == load.FunctionId)?.Name ?? load.FunctionId;
                    HostLog.FunctionLoadFailed(_logger, name, load.Result?.Exception?.Type ?? "unknown", load.Result?.Exception?.Message ?? "no detail");
                }
            }

            if (functions.Any(f => f.Trigger?.IsHttp == true))
            {
                if (httpUri is null)
                {
                    HostLog.NoHttpUri(_logger);
                }
                else
                {
                    await WaitUntilListeningAsync(httpUri, process, timeout.Token).ConfigureAwait(false);
                }
            }

            HostLog.WorkerInitialized(_logger, process.Id, loaded.Count, clock.ElapsedMilliseconds, init.WorkerMetadata?.WorkerVersion ?? init.WorkerVersion);

            return new WorkerSession(process, channel, httpUri, functions, loaded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _streams.Forget(workerId);
            channel.Close();
            await process.KillAsync().ConfigureAwait(false);
            var output = process.RecentErrors;
            process.Dispose();
            var reason = ex switch
            {
                OperationCanceledException => $"the worker did not finish its start-up within {StartupTimeout.TotalSeconds:0} s.",
                WorkerLostException lost => lost.Message,
                LocalHostStartException start => start.Message,
                _ => ex.Message,
            };
            throw new LocalHostStartException(
                output.Length == 0 ? $"The worker did not start: {reason}" : $"The worker did not start: {reason}{Environment.NewLine}{output}", ex);
        }
        catch
        {
            _streams.Forget(workerId);
            channel.Close();
            await process.KillAsync().ConfigureAwait(false);
            process.Dispose();
            throw;
        }
    }

    // The worker answers the last FunctionLoadRequest before its HTTP server has bound (the host's proxy retries
    // refused connections for that reason): "ready" here means that requests can be forwarded.
    private static async Task WaitUntilListeningAsync(Uri httpUri, WorkerProcess process, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    throw new WorkerLostException($"the worker exited with code {process.Exited.Result} before its HTTP server listened.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            var detail = result?.Exception is { } exception ? WorkerLogRouter.ExceptionText(exception) : result?.Result ?? "no detail";
            throw new LocalHostStartException($"The worker failed to {step}: {detail}");
        }
    }

    private static string HostVersion { get; } =
        $"local-{typeof(WorkerSupervisor).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";
}
