using System.Net;
using System.Text.Json;

namespace Telemetry.Admin.Api;

/// <summary>One answer of the admin API: its status, its JSON body (if any) and its ETag (if any).</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, JsonElement? Body, string? ETag)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The problem+json <c>code</c>, when the body has one.</summary>
    public string? Code => Text("code");

    public string? Text(string property) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public bool Flag(string property) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>This answer as the failure of <paramref name="what"/>, with the exit code its status stands for.</summary>
    public CliException Failure(string what)
    {
        var exitCode = (int)Status switch
        {
            401 or 403 => ExitCodes.Unauthorized,
            404 => ExitCodes.NotFound,
            409 or 412 => ExitCodes.LostUpdate,
            400 or 413 or 415 or 422 => ExitCodes.Refused,
            429 or 503 => ExitCodes.Unavailable,
            _ => ExitCodes.Failed,
        };
        // A 404 without a problem code is the router's: the route itself is missing, not the tenant or pool.
        var detail = Status == HttpStatusCode.NotFound && Code is null
            ? "the service has no such route (it may be older than this tool)"
            : Text("detail") ?? Text("title") ?? Status.ToString();
        var message = $"{what} failed: {detail} ({(int)Status}{(Code is { } code ? $" {code}" : string.Empty)})";
        if (Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                message += $"{Environment.NewLine}  {field.Name}: {string.Join(" ", field.Value.EnumerateArray().Select(e => e.ToString()))}";
            }
        }

        return new CliException(exitCode, message, (object?)Body ?? new { status = (int)Status });
    }
}
