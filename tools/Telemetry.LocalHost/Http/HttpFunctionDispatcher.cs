using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Protocol;
using Telemetry.LocalHost.Worker;
using Yarp.ReverseProxy.Forwarder;

namespace Telemetry.LocalHost.Http;

/// <summary>
/// Serves a request as the host does for a worker with ASP.NET Core integration: match a function's route, send an
/// invocation with an empty HTTP trigger value and the HTTP binding data, and forward the request unchanged to the
/// worker's HttpUri with <c>x-ms-invocation-id</c>, through YARP's forwarder. The forwarded response is the answer.
/// </summary>
internal sealed class HttpFunctionDispatcher(
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    IHttpForwarder forwarder,
    HttpMessageInvoker client,
    TimeSpan readyTimeout,
    ILogger logger)
{
    public const string InvocationHeader = "x-ms-invocation-id";

    // The host's forwarder gives up on a silent worker after four minutes.
    private static readonly ForwarderRequestConfig ForwardConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource<FunctionRouter> _router = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Routes become known when the first worker has reported its functions.</summary>
    public void Serve(FunctionRouter router) => _router.TrySetResult(router);

    public async Task HandleAsync(HttpContext context)
    {
        FunctionRouter router;
        try
        {
            router = await _router.Task.WaitAsync(readyTimeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        var match = await router.MatchAsync(context).ConfigureAwait(false);
        if (match is not { } found || found.Function.IsDisabled)
        {
            // As the host: no body.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var function = found.Function;
        var session = await supervisor.GetReadyAsync(readyTimeout, context.RequestAborted).ConfigureAwait(false);
        if (session is null)
        {
            await Unavailable(context).ConfigureAwait(false);
            return;
        }

        if (session.FunctionId(function.Name) is not { } functionId || session.HttpUri is not { } httpUri)
        {
            await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, Problem.FunctionFailed, "The function cannot run",
                session.HttpUri is null
                    ? "The worker does not use ASP.NET Core integration, which the local host needs for HTTP functions."
                    : $"The function '{function.Name}' failed to load in the worker; see the host's log.").ConfigureAwait(false);
            return;
        }

        var request = FunctionInvoker.NewRequest(functionId, function.TriggerName, new TypedData { Http = new RpcHttp() });
        HttpTriggerMetadata.Add(request.TriggerMetadata, context.Request, found.Values);
        context.Request.Headers[InvocationHeader] = request.InvocationId;
        await ForwardAsync(context, session, function.Name, httpUri, request).ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context, WorkerSession session, string functionName, Uri httpUri, InvocationRequest request)
    {
        using var timeout = new CancellationTokenSource();
        if (invoker.FunctionTimeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var clientAborted = context.RequestAborted;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, timeout.Token);
        context.RequestAborted = aborted.Token;

        // As the host: start forwarding, then send the invocation; the worker pairs them by invocation id.
        var clock = Stopwatch.StartNew();
        var forwarding = forwarder.SendAsync(context, httpUri.AbsoluteUri, client, ForwardConfig);
        var pending = FunctionInvoker.Send(session, request);
        var error = await forwarding.ConfigureAwait(false);
        _ = invoker.ObserveAsync(session, functionName, request.InvocationId, pending, clock, applyTimeout: false);
        if (error == ForwarderError.None || clientAborted.IsCancellationRequested)
        {
            return;
        }

        if (timeout.IsCancellationRequested)
        {
            invoker.TimedOut(session, functionName, request.InvocationId);
            await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, Problem.FunctionFailed, "The function timed out",
                $"The function ran past host.json's functionTimeout ({invoker.FunctionTimeout}).").ConfigureAwait(false);
            return;
        }

        // A worker that died takes a moment to be noticed; give the invocation that moment to fail.
        await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        if (!session.IsAlive || pending.Exception?.InnerException is WorkerLostException)
        {
            await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Problem.WorkerUnavailable, "The worker exited",
                "The worker exited while it served this request; a new one is starting. Retry the request.", RetryAfter).ConfigureAwait(false);
            return;
        }

        // Otherwise YARP's own answer stands (502 or 504).
        HostLog.ForwardFailed(logger, functionName, error.ToString(), context.Features.Get<IForwarderErrorFeature>()?.Exception);
    }

    private static Task Unavailable(HttpContext context) =>
        Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Problem.WorkerUnavailable, "No worker is ready",
            "The function app's worker is starting or restarting. Retry the request.", RetryAfter);
}
