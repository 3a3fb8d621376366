using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.LocalHost.Configuration;
using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Http;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Queues;
using Telemetry.LocalHost.Worker;
using Yarp.ReverseProxy.Forwarder;

namespace Telemetry.LocalHost;

/// <summary>
/// Runs a .NET isolated-worker function app's build as the Azure Functions host does, for machines without Core
/// Tools: it starts the worker (<c>dotnet {app}.dll</c> with the host's arguments and environment), speaks the host's
/// gRPC protocol, serves HTTP functions by forwarding requests to the worker, and triggers queue functions with the
/// host's queue semantics. Function keys (authLevel), Azure's platform CORS, scaling and Application Insights are
/// Azure's and are not emulated.
/// </summary>
/// <example>
/// <code>
/// await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions { ScriptRoot = "bin/Debug/net10.0", Port = 0 });
/// var response = await new HttpClient().GetAsync(new Uri(host.BaseAddress, "api/ping"));
/// </code>
/// </example>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private const string RuntimeSetting = "FUNCTIONS_WORKER_RUNTIME";
    private const string EnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";
    private const string HostnameSetting = "WEBSITE_HOSTNAME";
    private static readonly TimeSpan ListenerRestartDelay = TimeSpan.FromSeconds(1);

    private readonly LocalHostOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopListeners = new();
    private readonly List<Task> _listeners = [];
    private readonly Lock _stopLock = new();
    private GrpcServer? _grpc;
    private HttpFrontEnd? _front;
    private WorkerSupervisor? _supervisor;
    private Task? _stopped;

    private LocalFunctionsHost(LocalHostOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>The HTTP front end's address, e.g. <c>http://127.0.0.1:7071/</c>; HTTP functions are under its route prefix.</summary>
    public Uri BaseAddress => _front?.BaseAddress ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The functions the worker reported, in its order.</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; private set; } = [];

    /// <summary>The process id of the worker serving now; null while it restarts.</summary>
    public int? WorkerProcessId => _supervisor?.ProcessId;

    /// <summary>
    /// Starts the host: reads the app's settings, host.json and worker.config.json, starts the worker and returns once
    /// it has loaded its functions and the listeners run.
    /// </summary>
    /// <exception cref="LocalHostStartException">A setting or file is wrong, the port is taken, or the worker did not start.</exception>
    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var clock = Stopwatch.StartNew();
        var scriptRoot = Path.GetFullPath(options.ScriptRoot);
        if (!Directory.Exists(scriptRoot))
        {
            throw new LocalHostStartException($"The script root {scriptRoot} does not exist: point it at the function app's build output.");
        }

        var workerConfig = WorkerConfig.Read(scriptRoot);
        var localSettings = options.ReadLocalSettings
            ? LocalSettingsFile.Read(options.LocalSettingsPath ?? Path.Combine(scriptRoot, LocalSettingsFile.FileName), required: options.LocalSettingsPath is not null)
            : LocalSettingsFile.Empty;
        var settings = AppSettings.Build(localSettings.Values, options.InheritEnvironment ? Environment.GetEnvironmentVariables() : null, options.Settings);
        CheckRuntime(settings, workerConfig);
        settings.SetDefault(EnvironmentSetting, "Development");
        var hostJson = HostJson.Read(scriptRoot, settings);
        var cors = CorsSettings.From(options.CorsOrigins ?? localSettings.Cors, options.CorsCredentials ?? localSettings.CorsCredentials);
        var port = options.Port ?? localSettings.LocalHttpPort ?? LocalHostOptions.DefaultPort;

        var host = new LocalFunctionsHost(options, loggerFactory.CreateLogger<LocalFunctionsHost>());
        try
        {
            var streams = new WorkerStreams();
            host._grpc = await GrpcServer.StartAsync(streams, loggerFactory, cancellationToken).ConfigureAwait(false);
            var logRouter = new WorkerLogRouter(loggerFactory, options.WorkerLogLevel, options.WorkerFrameworkLogLevel);
            var supervisor = new WorkerSupervisor(
                new WorkerLaunch(workerConfig, scriptRoot, settings, options.InheritEnvironment, host._grpc.Address), streams, logRouter, loggerFactory);
            host._supervisor = supervisor;
            var invoker = new FunctionInvoker(supervisor, hostJson.FunctionTimeout, loggerFactory.CreateLogger("Telemetry.LocalHost.Functions"));

            HttpFunctionDispatcher? dispatcher = null;
            var client = new HttpMessageInvoker(new ConnectRetryHandler(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                UseCookies = false,
                ActivityHeadersPropagator = null,
                ConnectTimeout = TimeSpan.FromSeconds(15),
            }));
            host._front = await HttpFrontEnd.StartAsync(
                options.Address,
                port,
                cors,
                services =>
                {
                    dispatcher = new HttpFunctionDispatcher(
                        supervisor, invoker, services.GetRequiredService<IHttpForwarder>(), client, options.WorkerReadyTimeout,
                        loggerFactory.CreateLogger<HttpFunctionDispatcher>());
                    return dispatcher.HandleAsync;
                },
                loggerFactory,
                cancellationToken).ConfigureAwait(false);
            settings.SetDefault(HostnameSetting, host._front.BaseAddress.Authority);

            await supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
            var (functions, http) = Describe(supervisor.Functions, settings, hostJson.RoutePrefix, host._logger);
            host.Functions = functions;
            dispatcher!.Serve(new FunctionRouter(http, host._front.Services.GetRequiredService<IInlineConstraintResolver>()));
            host.StartListeners(supervisor.Functions, functions, settings, hostJson.Queues, invoker, loggerFactory);

            HostLog.FunctionsFound(host._logger, FunctionList(functions, host._front.BaseAddress));
            HostLog.HostReady(host._logger, functions.Count, host._front.BaseAddress, clock.ElapsedMilliseconds);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The process id of a serving worker, waiting while one (re)starts.</summary>
    public async Task<int> WaitForWorkerAsync(CancellationToken cancellationToken = default)
    {
        var supervisor = _supervisor ?? throw new InvalidOperationException("The host has not started.");
        var session = await supervisor.GetReadyAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return session?.Process.Id ?? throw new InvalidOperationException("The host is stopping.");
    }

    /// <summary>
    /// Stops as the host does: queue listeners stop fetching and their messages in flight finish, HTTP requests in
    /// flight finish, then the worker gets WorkerTerminate and is killed if it has not exited within
    /// <see cref="LocalHostOptions.ShutdownTimeout"/>. Safe to call more than once.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stopLock)
        {
            return _stopped ??= StopCoreAsync();
        }
    }

    /// <summary>Stops the host (see <see cref="StopAsync"/>) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopListeners.Dispose();
    }

    private static void CheckRuntime(AppSettings settings, WorkerConfig workerConfig)
    {
        var runtime = settings[RuntimeSetting];
        if (runtime is null)
        {
            settings.SetDefault(RuntimeSetting, workerConfig.Language);
            runtime = workerConfig.Language;
        }

        if (!runtime.Equals(WorkerConfig.IsolatedRuntime, StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalHostStartException(
                $"{RuntimeSetting} is '{runtime}', but the local host runs .NET isolated worker apps only: set it to '{WorkerConfig.IsolatedRuntime}' (in local.settings.json Values or the environment).");
        }
    }

    private static (IReadOnlyList<FunctionInfo> Functions, IReadOnlyList<HttpFunction> Http) Describe(
        IReadOnlyList<FunctionDescriptor> descriptors, AppSettings settings, string routePrefix, ILogger logger)
    {
        var functions = new List<FunctionInfo>();
        var http = new List<HttpFunction>();
        foreach (var descriptor in descriptors)
        {
            var trigger = descriptor.Trigger;
            var disabled = settings.IsFunctionDisabled(descriptor.Name);
            if (disabled)
            {
                HostLog.FunctionDisabled(logger, descriptor.Name);
            }

            if (trigger is { IsHttp: true })
            {
                var route = (trigger.Route ?? descriptor.Name).TrimStart('/');
                var template = routePrefix.Length == 0 ? route : $"{routePrefix}/{route}";
                http.Add(new HttpFunction(descriptor.Name, trigger.Name, template, trigger.Methods, disabled));
                functions.Add(new FunctionInfo(descriptor.Name, trigger.Type, template, trigger.Methods, trigger.AuthLevel, null, null, disabled));
            }
            else if (trigger is { IsQueue: true })
            {
                string? queue;
                try
                {
                    queue = trigger.QueueName is { } raw ? settings.Resolve(raw).ToLowerInvariant() : null;
                }
                catch (LocalHostStartException ex)
                {
                    HostLog.ListenerNotStarted(logger, descriptor.Name, ex.Message);
                    queue = trigger.QueueName;
                }

                functions.Add(new FunctionInfo(descriptor.Name, trigger.Type, null, [], null, queue, trigger.Connection, disabled));
            }
            else
            {
                HostLog.TriggerNotServed(logger, descriptor.Name, trigger?.Type ?? "no");
                functions.Add(new FunctionInfo(descriptor.Name, trigger?.Type ?? "none", null, [], null, null, null, disabled));
            }
        }

        return (functions, http);
    }

    private void StartListeners(
        IReadOnlyList<FunctionDescriptor> descriptors,
        IReadOnlyList<FunctionInfo> functions,
        AppSettings settings,
        QueuesOptions queues,
        FunctionInvoker invoker,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger<QueueListener>();
        foreach (var (descriptor, function) in descriptors.Zip(functions))
        {
            if (descriptor.Trigger is not { IsQueue: true } trigger || function.IsDisabled || function.QueueName is null || function.QueueName.Contains('%', StringComparison.Ordinal))
            {
                continue;
            }

            QueueClients clients;
            try
            {
                clients = QueueClients.Create(QueueConnection.Resolve(trigger.Connection, settings), function.QueueName, queues, logger);
            }
            catch (LocalHostStartException ex)
            {
                HostLog.ListenerNotStarted(_logger, function.Name, ex.Message);
                continue;
            }

            _listeners.Add(Task.Run(() => ListenAsync(
                function.Name,
                () => new QueueListener(function.Name, trigger, clients, queues, _options.QueueMessageLease, _supervisor!, invoker, logger),
                logger)));
        }
    }

    // A listener that fails unexpectedly is logged and started again: the host keeps listening.
    private async Task ListenAsync(string functionName, Func<QueueListener> create, ILogger logger)
    {
        var stop = _stopListeners.Token;
        while (!stop.IsCancellationRequested)
        {
            var listener = create();
            try
            {
                await listener.RunAsync(stop).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever broke one poll loop, the next one starts clean.
            catch (Exception ex) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
            {
                HostLog.ListenerFailed(logger, functionName, listener.QueueName, ex.GetType().Name, ex.Message);
                try
                {
                    await Task.Delay(ListenerRestartDelay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task StopCoreAsync()
    {
        HostLog.HostStopping(_logger);
        var timeout = _options.ShutdownTimeout;
        await _stopListeners.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_listeners), Task.Delay(timeout)).ConfigureAwait(false);
        if (_front is not null)
        {
            await _front.StopAsync(timeout).ConfigureAwait(false);
        }

        if (_supervisor is not null)
        {
            await _supervisor.StopAsync(timeout).ConfigureAwait(false);
            await _supervisor.DisposeAsync().ConfigureAwait(false);
        }

        if (_grpc is not null)
        {
            await _grpc.DisposeAsync().ConfigureAwait(false);
        }

        if (_front is not null)
        {
            await _front.DisposeAsync().ConfigureAwait(false);
        }

        HostLog.HostStopped(_logger);
    }

    // As Core Tools prints it: one function per paragraph, HTTP ones with their methods and URL.
    private static string FunctionList(IReadOnlyList<FunctionInfo> functions, Uri baseAddress)
    {
        var text = new StringBuilder("Functions:").AppendLine();
        foreach (var function in functions)
        {
            text.AppendLine().Append("        ").Append(function.Name).Append(": ");
            if (function.Route is { } route)
            {
                var methods = function.Methods.Count == 0 ? "all methods" : string.Join(',', function.Methods);
                text.Append(CultureInfo.InvariantCulture, $"[{methods}] {baseAddress}{route}");
            }
            else if (function.QueueName is { } queue)
            {
                text.Append(CultureInfo.InvariantCulture, $"{function.TriggerType} (queue {queue}, connection {function.Connection})");
            }
            else
            {
                text.Append(function.TriggerType).Append(" (not served by the local host)");
            }

            if (function.IsDisabled)
            {
                text.Append(" (disabled)");
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }
}
