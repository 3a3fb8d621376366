namespace Telemetry.Admin;

/// <summary>The tool's exit codes, one per kind of outcome, so scripts can tell them apart (documented in docs/clients.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An answer the tool did not expect (for example a 500).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, or no service URL or admin key.</summary>
    public const int Usage = 2;

    /// <summary>The tenant, pool, key or route does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>Someone else changed the value since it was read (412), or kept changing it (409): nothing was written.</summary>
    public const int LostUpdate = 4;

    /// <summary>The admin key (or function key) was missing or wrong (401, 403).</summary>
    public const int Unauthorized = 5;

    /// <summary>The service refused the request as invalid (400, 413, 415, 422).</summary>
    public const int Refused = 6;

    /// <summary>The service could not be reached, timed out, or asked to come back later (503, 429).</summary>
    public const int Unavailable = 7;
}
