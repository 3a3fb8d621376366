using Microsoft.AspNetCore.Http.HttpResults;

namespace Telemetry.Functions.Http;

/// <summary>
/// Every error answer of the public contract: application/problem+json (RFC 9457) with type, title,
/// status, detail and a machine-readable code; validation problems add errors.
/// </summary>
public static class Problems
{
    /// <summary>When to try again after storage could not be reached or did not answer in time.</summary>
    public static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(5);

    private const string TypeBase = "https://telemetry.invalid/problems/";

    /// <summary>A problem answer with the given status and code.</summary>
    public static ProblemHttpResult Create(int status, string code, string title, string detail, object? errors = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            type: TypeBase + code,
            extensions: extensions);
    }

    public static ProblemHttpResult BadRequest(string code, string detail, object? errors = null) =>
        Create(StatusCodes.Status400BadRequest, code, "The request is not valid.", detail, errors);

    public static ProblemHttpResult Unauthorized(string code, string detail) =>
        Create(StatusCodes.Status401Unauthorized, code, "Authentication is required.", detail);

    public static ProblemHttpResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, code, "Not found.", detail);

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        Create(StatusCodes.Status412PreconditionFailed, "etag_mismatch", "The resource has changed.", detail);

    public static ProblemHttpResult PayloadTooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.", detail);

    public static ProblemHttpResult UnsupportedMediaType(string code, string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, code, "The request body's format is not supported.", detail);

    /// <summary>429; the caller sets Retry-After with <see cref="SetRetryAfter"/>.</summary>
    public static ProblemHttpResult TooManyRequests(string detail) =>
        Create(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.", detail);

    /// <summary>503; the caller sets Retry-After with <see cref="SetRetryAfter"/>.</summary>
    public static ProblemHttpResult ServiceUnavailable(string code, string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, code, "The service is temporarily unavailable.", detail);

    /// <summary>
    /// Retry-After in whole seconds, at least one. Web pages on other origins may read it too: CORS hides every
    /// response header that is not exposed, and the platform's CORS settings cannot expose one.
    /// </summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(response);
        var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.AccessControlExposeHeaders = "Retry-After";
    }
}
