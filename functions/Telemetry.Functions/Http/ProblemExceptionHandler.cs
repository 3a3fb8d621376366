using Microsoft.AspNetCore.Diagnostics;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Http;

/// <summary>
/// The last line: whatever escapes an endpoint still answers problem+json. Storage that cannot be reached
/// is a 503 the client may retry; a malformed request that Kestrel refused keeps its 4xx; anything else
/// is a 500 without details.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IResult problem;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                problem = Problems.PayloadTooLarge("The request body is larger than the server accepts.");
                break;
            case BadHttpRequestException bad:
                problem = Problems.Create(bad.StatusCode, "bad_request", "The request could not be read.", "The request could not be read.");
                break;
            case StorageUnavailableException { Failure: StorageFailure.DeadlineExceeded }:
                LogStorageUnavailable(logger, httpContext.Request.Path, StorageErrors.Describe(exception));
                Problems.SetRetryAfter(httpContext.Response, Problems.StorageRetryAfter);
                problem = Problems.ServiceUnavailable("deadline_exceeded", "Storage did not answer in time; retry later.");
                break;
            case StorageUnavailableException or Azure.RequestFailedException or AggregateException or HttpRequestException or TimeoutException:
                LogStorageUnavailable(logger, httpContext.Request.Path, StorageErrors.Describe(exception));
                Problems.SetRetryAfter(httpContext.Response, Problems.StorageRetryAfter);
                problem = Problems.ServiceUnavailable("storage_unavailable", "Storage is not reachable right now; retry later.");
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            case OperationCanceledException:
                // A deadline of the service's own (not the client's disconnect): retrying later is the answer.
                LogStorageUnavailable(logger, httpContext.Request.Path, StorageErrors.Describe(exception));
                Problems.SetRetryAfter(httpContext.Response, Problems.StorageRetryAfter);
                problem = Problems.ServiceUnavailable("deadline_exceeded", "The operation did not finish in time; retry later.");
                break;
            default:
                LogUnexpected(logger, httpContext.Request.Path, exception);
                problem = Problems.Create(StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred.", "An unexpected error occurred.");
                break;
        }

        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Storage unavailable while serving {Path}: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 901, Level = LogLevel.Error, Message = "Unexpected failure while serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, string path, Exception exception);
}
