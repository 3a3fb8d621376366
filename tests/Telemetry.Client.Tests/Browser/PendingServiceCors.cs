namespace Telemetry.Client.Tests.Browser;

/// <summary>
/// The browser tests need the service to answer CORS for a page of another origin: preflights for POST and GET with
/// the headers Content-Type, Content-Encoding and x-api-key, and Retry-After exposed. Set <see cref="Reason"/> to null
/// once the service does.
/// </summary>
internal static class PendingServiceCors
{
    public const string? Reason = "waits for the service to answer CORS preflights (docs/clients.md, CORS)";
}
