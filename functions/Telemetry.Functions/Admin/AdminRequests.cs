using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Telemetry.Functions.Http;
using Telemetry.Core;

namespace Telemetry.Functions.Admin;

/// <summary>
/// Validation of what admins send: ids in the route, the x-admin-user header and the small JSON bodies
/// (exactly the documented properties, of the documented types).
/// </summary>
public static partial class AdminRequests
{
    public const string UserHeader = "x-admin-user";

    /// <summary>Who a change is recorded as when no x-admin-user is sent.</summary>
    public const string DefaultUser = "admin-key";

    public const int MaxDisplayNameLength = 256;

    private const int MaxBodyBytes = 16 * 1024;

    public static ProblemHttpResult? ValidateIds(string tenantId, string? poolId = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Ids.IsValid(tenantId))
        {
            errors["tenantId"] = [$"A tenant id is {Ids.Rule}."];
        }

        if (poolId is not null && !Ids.IsValid(poolId))
        {
            errors["poolId"] = [$"A pool id is {Ids.Rule}."];
        }

        return errors.Count == 0 ? null : Problems.BadRequest("invalid_id", "The route names an invalid id.", errors);
    }

    /// <summary>Validates the ids of a change and who makes it.</summary>
    public static ProblemHttpResult? ValidateChange(HttpRequest request, string tenantId, string? poolId, out string changedBy)
    {
        var problem = ReadChangedBy(request, out changedBy);
        return ValidateIds(tenantId, poolId) ?? problem;
    }

    /// <summary>The x-admin-user header (1 to 128 visible ASCII characters), or "admin-key" when absent.</summary>
    public static ProblemHttpResult? ReadChangedBy(HttpRequest request, out string changedBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers[UserHeader];
        changedBy = DefaultUser;
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.ToString();
        if (values.Count > 1 || !UserPattern().IsMatch(value))
        {
            return Problems.BadRequest("invalid_admin_user", $"{UserHeader} must be one value of 1 to 128 visible ASCII characters.",
                new Dictionary<string, string[]> { [UserHeader] = ["1 to 128 visible ASCII characters (spaces allowed inside)."] });
        }

        changedBy = value;
        return null;
    }

    /// <summary>
    /// Reads a JSON object that holds exactly <paramref name="property"/> with a value of <paramref name="kind"/>
    /// (True stands for any boolean); the value, or a problem answer.
    /// </summary>
    public static async Task<(JsonElement Value, ProblemHttpResult? Problem)> ReadPropertyAsync(
        HttpRequest request, string property, JsonValueKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (default, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "The media type is not supported.", "Send the body as application/json."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (default, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return (default, Problems.BadRequest("invalid_json", "The body is not valid JSON."));
        }

        using (document)
        {
            try
            {
                var result = Validate(document.RootElement, property, kind);
                if (result.Item2 is null && kind == JsonValueKind.String)
                {
                    _ = result.Item1.GetString();
                }

                return result;
            }
            catch (InvalidOperationException)
            {
                // Escaped lone surrogates are valid JSON but not text: reading such a name or string throws.
                return (default, Problems.BadRequest("invalid_json", "The body holds a string that is not valid Unicode."));
            }
        }
    }

    private static (JsonElement, ProblemHttpResult?) Validate(JsonElement root, string property, JsonValueKind kind)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (default, Problems.BadRequest("invalid_body", "The body must be a JSON object."));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonElement? value = null;
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name != property)
            {
                errors[member.Name] = ["Unknown field."];
            }
            else if (value is not null || errors.ContainsKey(property))
            {
                errors[property] = ["Given more than once."];
            }
            else if (!HasKind(member.Value, kind))
            {
                errors[property] = [kind == JsonValueKind.True ? "Must be true or false." : "Must be a string."];
            }
            else
            {
                value = member.Value.Clone();
            }
        }

        if (value is null && !errors.ContainsKey(property))
        {
            errors[property] = ["Required."];
        }

        return errors.Count > 0
            ? (default, Problems.BadRequest("validation_failed", "The body is not valid.", errors))
            : (value!.Value, null);
    }

    public static ProblemHttpResult? ValidateDisplayName(string displayName) =>
        displayName.Trim().Length == 0 || displayName.Length > MaxDisplayNameLength || displayName.Any(char.IsControl)
            ? Problems.BadRequest("validation_failed", "The body is not valid.", new Dictionary<string, string[]>
            {
                ["displayName"] = [$"1 to {MaxDisplayNameLength} characters, not blank, without control characters."],
            })
            : null;

    private static bool HasKind(JsonElement value, JsonValueKind kind) =>
        kind == JsonValueKind.True ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : value.ValueKind == kind;

    private static ProblemHttpResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", "The body is too large.", $"Admin bodies hold at most {MaxBodyBytes} bytes.");

    [GeneratedRegex("^[\\x21-\\x7E](?:[\\x20-\\x7E]{0,126}[\\x21-\\x7E])?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UserPattern();
}
