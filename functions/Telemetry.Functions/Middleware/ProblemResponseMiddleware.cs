using Microsoft.Azure.Functions.Worker.Middleware;
using Telemetry.Functions.Http;
using Telemetry.Services.Administration;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Middleware;

/// <summary>
/// The last line of every HTTP function: whatever escapes it still answers problem+json. Storage that cannot be
/// reached in time is a 503 the client may retry, a change that kept losing to others a 409, a body that Kestrel
/// refused keeps its 4xx, and anything else is a 500 without details. Queue functions keep their exceptions: a
/// failed invocation is how the host learns to retry the message.
/// </summary>
internal sealed partial class ProblemResponseMiddleware(ILogger<ProblemResponseMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http)
        {
            if (ForException(exception, http) is { } problem)
            {
                context.GetInvocationResult().Value = problem;
            }
        }
    }

    /// <summary>The answer to an exception; null when the client went away and nobody is listening.</summary>
    internal IResult? ForException(Exception exception, HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return Problems.PayloadTooLarge("The request body is larger than the server accepts.");
            case BadHttpRequestException bad:
                return Problems.Create(bad.StatusCode, "bad_request", "The request could not be read.", "The request could not be read.");
            case ConcurrentChangeException:
                return Problems.Create(StatusCodes.Status409Conflict, "concurrent_change",
                    "The resource is changing.", "Other changes to the same entity kept winning; retry the request.");
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return null;
            case StorageUnavailableException { Failure: StorageFailure.DeadlineExceeded } or OperationCanceledException:
                LogStorageUnavailable(logger, path, StorageErrors.Describe(exception));
                Problems.SetRetryAfter(http.Response, Problems.StorageRetryAfter);
                return Problems.ServiceUnavailable("deadline_exceeded", "Storage did not answer in time; retry later.");
            case StorageUnavailableException or Azure.RequestFailedException or AggregateException or HttpRequestException or TimeoutException:
                LogStorageUnavailable(logger, path, StorageErrors.Describe(exception));
                Problems.SetRetryAfter(http.Response, Problems.StorageRetryAfter);
                return Problems.ServiceUnavailable("storage_unavailable", "Storage is not reachable right now; retry later.");
            default:
                LogUnexpected(logger, path, exception.GetType().Name);
                return Problems.Create(StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred.", "An unexpected error occurred.");
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Storage unavailable while serving {Path}: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string path, string reason);

    // The type only: an exception's message or stack may quote what the request carried.
    [LoggerMessage(EventId = 901, Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, string path, string exceptionType);
}
