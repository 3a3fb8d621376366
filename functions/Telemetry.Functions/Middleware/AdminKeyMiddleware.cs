using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Http;

namespace Telemetry.Functions.Middleware;

/// <summary>
/// Admin routes: x-admin-key must match the configured admin key. Both sides are hashed first so that the
/// constant-time comparison sees equal lengths and reveals nothing about the key's length.
/// </summary>
internal sealed partial class AdminKeyMiddleware(IOptions<TelemetryOptions> options, ILogger<AdminKeyMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public const string HeaderName = "x-admin-key";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException("The admin key guards HTTP functions only.");
        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            LogRefused(logger, http.Request.Path.Value ?? string.Empty, "no admin key");
            context.GetInvocationResult().Value = Problems.Unauthorized("admin_key_missing", $"Admin routes require the {HeaderName} header.");
            return;
        }

        if (!Matches(presented, options.Value.AdminKey))
        {
            LogRefused(logger, http.Request.Path.Value ?? string.Empty, "wrong admin key");
            context.GetInvocationResult().Value = Problems.Unauthorized("admin_key_invalid", $"The {HeaderName} header does not match the admin key.");
            return;
        }

        await next(context);
    }

    /// <summary>An empty configured key matches nothing, so a misconfigured service stays closed.</summary>
    private static bool Matches(string presented, string configured) =>
        configured.Length > 0 &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Admin request to {Path} refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string path, string reason);
}
