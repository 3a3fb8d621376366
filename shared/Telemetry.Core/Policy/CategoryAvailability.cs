namespace Telemetry.Core;

/// <summary>
/// What a caller may send now, per category (GET /api/v1/policy): <c>on</c>, <c>off</c>, or for client
/// error reports <c>opt-in</c> (collected only for users who opted in).
/// </summary>
public sealed record CategoryAvailability(string Census, string Usage, string Errors)
{
    /// <summary>The category is collected.</summary>
    public const string On = "on";

    /// <summary>The category is suppressed.</summary>
    public const string Off = "off";

    /// <summary>Collected only from users who opted in.</summary>
    public const string OptIn = "opt-in";
}
