using System.Net;
using Telemetry.Functions.Http;

namespace Telemetry.Functions.Processing;

/// <summary>
/// The queue-trigger routes take already-decided records and store them; only the Functions host, which
/// always calls the handler on 127.0.0.1, may reach them. A standalone server listening on another address
/// refuses every other caller, so nobody can write rows past the key check and the decision table.
/// </summary>
public sealed class LoopbackOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return ValueTask.FromResult<object?>(Problems.Create(
                StatusCodes.Status403Forbidden,
                "host_only",
                "Only the Functions host may call this route.",
                "Queue-trigger routes answer callers on the loopback address only."));
        }

        return next(context);
    }
}
