using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Telemetry.LocalHost.Http;

/// <summary>
/// CORS as <c>func start</c> applies it: the listed origins (or <c>*</c>), any header, any method, and credentials
/// when asked for. Azure's platform CORS (portal settings) is not emulated beyond this.
/// </summary>
internal sealed record CorsSettings(IReadOnlyList<string> Origins, bool AllowCredentials)
{
    public static CorsSettings? From(string? origins, bool allowCredentials)
    {
        var list = (origins ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            return null;
        }

        if (allowCredentials && list.Contains("*"))
        {
            throw new LocalHostStartException(
                "CORS origin '*' cannot be combined with credentials (the CORS protocol forbids it): list the origins, or turn CORSCredentials off.");
        }

        return new CorsSettings(list, allowCredentials);
    }

    public void Apply(CorsPolicyBuilder policy)
    {
        policy.WithOrigins([.. Origins]).AllowAnyHeader().AllowAnyMethod();
        if (AllowCredentials)
        {
            policy.AllowCredentials();
        }
    }
}
