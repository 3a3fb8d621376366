using Microsoft.Extensions.Logging;

namespace Telemetry.LocalHost.Logging;

/// <summary>
/// What the local host logs, in the words of the Functions host where it has them. Never a request or message
/// payload: function names, ids, counts, durations and exception types and messages only.
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "{FunctionList}")]
    public static partial void FunctionsFound(ILogger logger, string functionList);

    [LoggerMessage(2, LogLevel.Information, "Host started: {FunctionCount} functions, HTTP on {BaseAddress}, ready {ElapsedMilliseconds} ms after launch.")]
    public static partial void HostReady(ILogger logger, int functionCount, Uri baseAddress, long elapsedMilliseconds);

    [LoggerMessage(3, LogLevel.Information, "Stopping the host.")]
    public static partial void HostStopping(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Host stopped.")]
    public static partial void HostStopped(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "Worker process started (pid {ProcessId}).")]
    public static partial void WorkerStarted(ILogger logger, int processId);

    [LoggerMessage(11, LogLevel.Information, "Worker process {ProcessId} initialized: {FunctionCount} functions loaded {ElapsedMilliseconds} ms after its start (worker {WorkerVersion}).")]
    public static partial void WorkerInitialized(ILogger logger, int processId, int functionCount, long elapsedMilliseconds, string workerVersion);

    [LoggerMessage(12, LogLevel.Warning, "Worker process {ProcessId} exited with code {ExitCode}.")]
    public static partial void WorkerExited(ILogger logger, int processId, int exitCode);

    [LoggerMessage(13, LogLevel.Warning, "Restarting the worker in {DelayMilliseconds} ms (restart {RestartCount}).")]
    public static partial void WorkerRestarting(ILogger logger, long delayMilliseconds, int restartCount);

    [LoggerMessage(14, LogLevel.Error, "The worker did not start: {Reason}")]
    public static partial void WorkerStartFailed(ILogger logger, string reason);

    [LoggerMessage(15, LogLevel.Information, "Worker process {ProcessId} stopped with code {ExitCode}.")]
    public static partial void WorkerStopped(ILogger logger, int processId, int exitCode);

    [LoggerMessage(16, LogLevel.Warning, "Worker process {ProcessId} did not exit within {Timeout}; killing it.")]
    public static partial void WorkerKilled(ILogger logger, int processId, TimeSpan timeout);

    [LoggerMessage(17, LogLevel.Information, "{Line}")]
    public static partial void WorkerOutput(ILogger logger, string line);

    [LoggerMessage(18, LogLevel.Error, "{Line}")]
    public static partial void WorkerErrorOutput(ILogger logger, string line);

    [LoggerMessage(19, LogLevel.Warning, "The worker's functions changed after a restart ({Functions}); restart the local host to serve a new build.")]
    public static partial void FunctionsChanged(ILogger logger, string functions);

    [LoggerMessage(20, LogLevel.Error, "Function '{FunctionName}' failed to load: {ExceptionType}: {ExceptionMessage}")]
    public static partial void FunctionLoadFailed(ILogger logger, string functionName, string exceptionType, string exceptionMessage);

    [LoggerMessage(21, LogLevel.Warning, "Function '{FunctionName}' has a {TriggerType} trigger, which the local host does not serve: it is loaded but never triggered.")]
    public static partial void TriggerNotServed(ILogger logger, string functionName, string triggerType);

    [LoggerMessage(22, LogLevel.Information, "Function '{FunctionName}' is disabled (AzureWebJobs.{FunctionName}.Disabled).")]
    public static partial void FunctionDisabled(ILogger logger, string functionName);

    [LoggerMessage(23, LogLevel.Error, "Function '{FunctionName}' gets no listener: {Reason}")]
    public static partial void ListenerNotStarted(ILogger logger, string functionName, string reason);

    [LoggerMessage(30, LogLevel.Information, "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMilliseconds}ms)")]
    public static partial void InvocationSucceeded(ILogger logger, string functionName, string invocationId, long durationMilliseconds);

    [LoggerMessage(31, LogLevel.Error, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMilliseconds}ms): {ExceptionType}: {ExceptionMessage}")]
    public static partial void InvocationFailed(ILogger logger, string functionName, string invocationId, long durationMilliseconds, string exceptionType, string exceptionMessage);

    [LoggerMessage(32, LogLevel.Error, "Timeout value of {Timeout} exceeded by function 'Functions.{FunctionName}' (Id: '{InvocationId}'); restarting the worker, as the host does.")]
    public static partial void FunctionTimedOut(ILogger logger, TimeSpan timeout, string functionName, string invocationId);

    [LoggerMessage(33, LogLevel.Warning, "Forwarding a request to function '{FunctionName}' failed ({Error}).")]
    public static partial void ForwardFailed(ILogger logger, string functionName, string error, Exception? exception);

    [LoggerMessage(34, LogLevel.Error, "The worker reported no HttpUri: HTTP functions need ASP.NET Core integration (ConfigureFunctionsWebApplication) and answer 500.")]
    public static partial void NoHttpUri(ILogger logger);

    [LoggerMessage(40, LogLevel.Warning, "Message {MessageId} has reached MaxDequeueCount of {MaxDequeueCount}. Moving message to queue '{PoisonQueue}' (function '{FunctionName}').")]
    public static partial void MovedToPoison(ILogger logger, string messageId, int maxDequeueCount, string poisonQueue, string functionName);

    [LoggerMessage(41, LogLevel.Warning, "Message {MessageId} in queue '{QueueName}' is not valid Base64 (messageEncoding is base64). Moving message to queue '{PoisonQueue}'.")]
    public static partial void UndecodableToPoison(ILogger logger, string messageId, string queueName, string poisonQueue);

    [LoggerMessage(42, LogLevel.Warning, "Polling queue '{QueueName}' for function '{FunctionName}' failed ({Status} {ErrorCode}); backing off.")]
    public static partial void PollFailed(ILogger logger, string queueName, string functionName, int status, string? errorCode);

    [LoggerMessage(45, LogLevel.Warning, "Queue storage for function '{FunctionName}' is unreachable ({ServiceUri}); polling on with back-off.")]
    public static partial void StorageUnreachable(ILogger logger, string functionName, Uri serviceUri);

    [LoggerMessage(43, LogLevel.Warning, "Completing message {MessageId} of queue '{QueueName}' failed ({Status} {ErrorCode}).")]
    public static partial void CompleteFailed(ILogger logger, string messageId, string queueName, int status, string? errorCode);

    [LoggerMessage(44, LogLevel.Error, "The listener of function '{FunctionName}' on queue '{QueueName}' failed and restarts: {ExceptionType}: {ExceptionMessage}")]
    public static partial void ListenerFailed(ILogger logger, string functionName, string queueName, string exceptionType, string exceptionMessage);

    [LoggerMessage(50, LogLevel.Debug, "Sent {MessageType} to worker {WorkerId}.")]
    public static partial void Sent(ILogger logger, string messageType, string workerId);

    [LoggerMessage(51, LogLevel.Debug, "Received {MessageType} from worker {WorkerId}.")]
    public static partial void Received(ILogger logger, string messageType, string workerId);

    [LoggerMessage(52, LogLevel.Warning, "A stream opened for an unknown worker ({WorkerId}); closing it.")]
    public static partial void UnknownStream(ILogger logger, string workerId);
}
