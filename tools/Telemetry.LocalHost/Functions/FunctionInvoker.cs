using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Protocol;
using Telemetry.LocalHost.Worker;

namespace Telemetry.LocalHost.Functions;

/// <summary>How an invocation ended, as far as the host is concerned.</summary>
internal enum InvocationOutcome
{
    Succeeded,
    Failed,
    WorkerLost,
    TimedOut,
}

/// <summary>
/// Sends invocations and logs their outcome: one line per invocation, with the exception's type and message when it
/// failed. A function that runs past host.json's <c>functionTimeout</c> is cancelled and its worker restarted, as
/// the host does.
/// </summary>
internal sealed class FunctionInvoker(WorkerSupervisor supervisor, TimeSpan? functionTimeout, ILogger logger)
{
    public TimeSpan? FunctionTimeout => functionTimeout;

    /// <summary>An invocation request with a new id, the trigger value under the binding's name and a trace context.</summary>
    public static InvocationRequest NewRequest(string functionId, string triggerName, TypedData triggerValue)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = functionId,
            // The worker fails every invocation that comes without a trace context.
            TraceContext = new RpcTraceContext
            {
                TraceParent = Activity.Current?.Id ?? string.Empty,
                TraceState = Activity.Current?.TraceStateString ?? string.Empty,
            },
        };
        request.InputData.Add(new ParameterBinding { Name = triggerName, Data = triggerValue });
        return request;
    }

    /// <summary>Sends the invocation; the returned task ends with its outcome, bounded by the function timeout.</summary>
    public Task<InvocationOutcome> RunAsync(WorkerSession session, string functionName, InvocationRequest request)
    {
        var clock = Stopwatch.StartNew();
        return ObserveAsync(session, functionName, request.InvocationId, Send(session, request), clock, applyTimeout: true);
    }

    /// <summary>Sends the invocation without waiting; for HTTP, where the forwarded request carries the answer.</summary>
    public static Task<InvocationResponse> Send(WorkerSession session, InvocationRequest request)
    {
        try
        {
            return session.InvokeAsync(request);
        }
        catch (WorkerLostException ex)
        {
            return Task.FromException<InvocationResponse>(ex);
        }
    }

    public async Task<InvocationOutcome> ObserveAsync(
        WorkerSession session, string functionName, string invocationId, Task<InvocationResponse> pending, Stopwatch clock, bool applyTimeout)
    {
        try
        {
            var response = applyTimeout && functionTimeout is { } timeout
                ? await pending.WaitAsync(timeout - clock.Elapsed < TimeSpan.Zero ? TimeSpan.Zero : timeout - clock.Elapsed).ConfigureAwait(false)
                : await pending.ConfigureAwait(false);
            if (response.Result?.Status == StatusResult.Types.Status.Success)
            {
                HostLog.InvocationSucceeded(logger, functionName, invocationId, clock.ElapsedMilliseconds);
                return InvocationOutcome.Succeeded;
            }

            var exception = response.Result?.Exception;
            HostLog.InvocationFailed(
                logger,
                functionName,
                invocationId,
                clock.ElapsedMilliseconds,
                string.IsNullOrEmpty(exception?.Type) ? "Exception" : exception.Type,
                exception is null ? response.Result?.Status.ToString() ?? "no result" : WorkerLogRouter.FirstLine(exception.Message));
            return InvocationOutcome.Failed;
        }
        catch (TimeoutException)
        {
            TimedOut(session, functionName, invocationId);
            return InvocationOutcome.TimedOut;
        }
        catch (WorkerLostException)
        {
            HostLog.InvocationFailed(logger, functionName, invocationId, clock.ElapsedMilliseconds, "WorkerExited", "the worker exited during the invocation.");
            return InvocationOutcome.WorkerLost;
        }
    }

    public void TimedOut(WorkerSession session, string functionName, string invocationId)
    {
        HostLog.FunctionTimedOut(logger, functionTimeout ?? TimeSpan.Zero, functionName, invocationId);
        session.Channel.Cancel(invocationId);
        _ = supervisor.RestartAsync(session);
    }
}
