namespace Telemetry.Functions.Admin;

/// <summary>Log lines of the admin API. They name the route, never a key or the admin key.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Admin request to {Path} refused: {Reason}.")]
    public static partial void AdminKeyRefused(ILogger logger, string path, string reason);
}
