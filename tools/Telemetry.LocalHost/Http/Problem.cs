using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Telemetry.LocalHost.Http;

/// <summary>The answers the local host writes itself when no worker answers: problem+json, as the app's own errors.</summary>
internal static class Problem
{
    public const string WorkerUnavailable = "worker_unavailable";
    public const string FunctionFailed = "function_failed";

    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = new Dictionary<string, object>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        try
        {
            await JsonSerializer.SerializeAsync(response.Body, body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away.
        }
    }
}
