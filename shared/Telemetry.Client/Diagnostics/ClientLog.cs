using Microsoft.Extensions.Logging;

namespace Telemetry.Client.Diagnostics;

/// <summary>The client's log lines: counts, categories and status codes; never a record's content or the key.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "Sent {Category} batch: {Accepted} accepted, {Suppressed} suppressed, {Rejected} rejected.")]
    public static partial void BatchSent(ILogger logger, string category, int accepted, int suppressed, int rejected);

    [LoggerMessage(2, LogLevel.Warning, "The service rejected {Rejected} {Category} records; they are not retried.")]
    public static partial void RecordsRejected(ILogger logger, string category, int rejected);

    [LoggerMessage(3, LogLevel.Information, "Sending a {Category} batch of {Count} records failed ({Reason}); retrying in {Delay}.")]
    public static partial void Retrying(ILogger logger, string category, int count, string reason, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "Dropped {Count} {Category} records ({Reason}).")]
    public static partial void Dropped(ILogger logger, int count, string category, string reason);

    [LoggerMessage(5, LogLevel.Error, "The service refused the ingestion key (status {Status}); sending stops until the policy can be read with it again.")]
    public static partial void Unauthorized(ILogger logger, int status);

    [LoggerMessage(6, LogLevel.Error, "The service refused a {Category} batch of {Count} records with status {Status} ({Code}); it is dropped.")]
    public static partial void Refused(ILogger logger, string category, int count, int status, string code);

    [LoggerMessage(7, LogLevel.Information, "Policy: census {Census}, usage {Usage}, errors {Errors}.")]
    public static partial void PolicyChanged(ILogger logger, Collection census, Collection usage, Collection errors);

    [LoggerMessage(8, LogLevel.Debug, "Reading the policy failed (status {Status}); the last answer stays in force.")]
    public static partial void PolicyReadFailed(ILogger logger, string status);
}
