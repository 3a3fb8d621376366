using System.ComponentModel.DataAnnotations;
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

    /// <summary>What x-admin-user may hold: 1 to 128 visible ASCII characters, spaces allowed inside.</summary>
    public const string UserPatternText = "^[\\x21-\\x7E](?:[\\x20-\\x7E]{0,126}[\\x21-\\x7E])?$";

    internal const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// A page size from the query: <paramref name="defaultValue"/> when <paramref name="name"/> is absent, false when it
    /// is repeated, not an integer, or outside 1 to <paramref name="max"/>.
    /// </summary>
    public static bool TryReadPageSize(IQueryCollection query, string name, int defaultValue, int max, out int value)
    {
        var values = query[name];
        value = defaultValue;
        return values.Count == 0 || (values.Count == 1 && int.TryParse(values[0], out value) && value >= 1 && value <= max);
    }

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
    /// Reads the body as <typeparamref name="TBody"/>: a JSON object with exactly the record's properties
    /// (camelCase, each once, strings as strings and booleans as booleans), then the record's own validation
    /// attributes. The body, or the problem to answer, naming each field that is wrong.
    /// </summary>
    public static async Task<(TBody? Body, ProblemHttpResult? Problem)> ReadBodyAsync<TBody>(HttpRequest request, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "The media type is not supported.", "Send the body as application/json."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
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
            return (null, Problems.BadRequest("invalid_json", "The body is not valid JSON."));
        }

        using (document)
        {
            try
            {
                return Bind<TBody>(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // Escaped lone surrogates are valid JSON but not text: reading such a name or string throws.
                return (null, Problems.BadRequest("invalid_json", "The body holds a string that is not valid Unicode."));
            }
        }
    }

    private static (TBody?, ProblemHttpResult?) Bind<TBody>(JsonElement root)
        where TBody : class
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Problems.BadRequest("invalid_body", "The body must be a JSON object."));
        }

        var schema = BodySchema.For<TBody>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!schema.TryGetValue(member.Name, out var kind))
            {
                errors[member.Name] = ["Unknown field."];
            }
            else if (!seen.Add(member.Name))
            {
                errors[member.Name] = ["Given more than once."];
            }
            else if (!kind.Matches(member.Value))
            {
                errors[member.Name] = [kind.Expectation];
            }
            else if (member.Value.ValueKind == JsonValueKind.String)
            {
                _ = member.Value.GetString();
            }
        }

        foreach (var name in schema.Keys.Where(name => !seen.Contains(name) && !errors.ContainsKey(name)))
        {
            errors[name] = ["Required."];
        }

        if (errors.Count == 0)
        {
            var body = root.Deserialize<TBody>(BodySchema.Json)!;
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true))
            {
                return (body, null);
            }

            foreach (var result in results)
            {
                foreach (var member in result.MemberNames)
                {
                    errors[JsonNamingPolicy.CamelCase.ConvertName(member)] = [result.ErrorMessage ?? "Invalid."];
                }
            }
        }

        return (null, Problems.BadRequest("validation_failed", "The body is not valid.", errors));
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", "The body is too large.", $"Admin bodies hold at most {MaxBodyBytes} bytes.");

    [GeneratedRegex(UserPatternText, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UserPattern();
}
