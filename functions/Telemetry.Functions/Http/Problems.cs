using Microsoft.AspNetCore.Http.HttpResults;

namespace Telemetry.Functions.Http;

/// <summary>
/// Every error answer of the public contract: application/problem+json (RFC 9457) with type, title,
/// status, detail and a machine-readable code; validation problems add errors.
/// </summary>
public static class Problems
{
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
}
