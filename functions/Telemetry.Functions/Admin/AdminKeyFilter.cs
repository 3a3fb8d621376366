using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Http;
using Telemetry.Services.Administration;

namespace Telemetry.Functions.Admin;

/// <summary>
/// Guards every admin route: x-admin-key must match the configured admin key. Both sides are hashed first so
/// that the constant-time comparison sees equal lengths and reveals nothing about the key's length.
/// </summary>
public sealed class AdminKeyFilter(IOptions<TelemetryOptions> options, ILogger<AdminKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "x-admin-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            AdminLog.AdminKeyRefused(logger, http.Request.Path, "no admin key");
            return Problems.Unauthorized("admin_key_missing", $"Admin routes require the {HeaderName} header.");
        }

        if (!Matches(presented, options.Value.AdminKey))
        {
            AdminLog.AdminKeyRefused(logger, http.Request.Path, "wrong admin key");
            return Problems.Unauthorized("admin_key_invalid", $"The {HeaderName} header does not match the admin key.");
        }

        try
        {
            return await next(context);
        }
        catch (ConcurrentChangeException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "concurrent_change",
                "The resource is changing.", "Other changes to the same entity kept winning; retry the request.");
        }
    }

    /// <summary>An empty configured key matches nothing, so a misconfigured service stays closed.</summary>
    private static bool Matches(string presented, string configured) =>
        configured.Length > 0 &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
