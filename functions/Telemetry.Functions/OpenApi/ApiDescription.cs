using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Telemetry.Core;
using Telemetry.Functions.Admin;
using Telemetry.Functions.Http;
using Telemetry.Functions.Ingestion;
using Telemetry.Functions.Middleware;

namespace Telemetry.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 description of every HTTP route: parameters, bodies, answers with their headers, every problem
/// answer, both keys, and examples. A request example and the answer it gets share a name, so the examples can be
/// sent to the service as they are.
/// </summary>
internal sealed partial class ApiDescription
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    // Component names of the shared parts.
    private const string IngestionKey = "ingestionKey";
    private const string AdminKey = "adminKey";
    private const string FunctionKey = "functionKey";
    private const string ETag = "ETag";
    private const string RetryAfter = "Retry-After";
    private const string Location = "Location";
    private const string TenantIdParameter = "tenantId";
    private const string PoolIdParameter = "poolId";
    private const string KeyIdParameter = "keyId";
    private const string AdminUserParameter = "adminUser";
    private const string IfMatchParameter = "ifMatch";
    private const string IngestionUnauthorized = "IngestionUnauthorized";
    private const string AdminUnauthorized = "AdminUnauthorized";
    private const string StorageUnavailable = "StorageUnavailable";
    private const string ConcurrentChange = "ConcurrentChange";
    private const string UnknownTenant = "UnknownTenant";
    private const string AdminBodyTooLarge = "AdminBodyTooLarge";
    private const string AdminBodyNotJson = "AdminBodyNotJson";

    private readonly OpenApiDocument _document = new();
    private readonly ApiSchemas _schemas;
    private readonly DateTimeOffset _now;

    private ApiDescription(DateTimeOffset now)
    {
        _now = now;
        _schemas = new ApiSchemas(_document);
    }

    private enum Caller
    {
        Anyone,
        Client,
        Admin,
    }

    /// <summary>The document, with example timestamps at <paramref name="now"/> (records older than 7 days are refused).</summary>
    public static OpenApiDocument Build(DateTimeOffset now)
    {
        var description = new ApiDescription(now);
        description.Describe();
        return description._document;
    }

    private void Describe()
    {
        _document.Info = new OpenApiInfo
        {
            Title = "Serverless Telemetry Ingestion",
            Version = "1",
            Description = "Clients send census, usage and error-report records with their tenant's ingestion key; admins manage tenants, " +
                "their keys and the two privacy switches. Every error answer is application/problem+json with a machine-readable `code`.",
        };
        _document.Servers = [new OpenApiServer { Url = "/api", Description = "Every route lives under /api (the Functions host's route prefix)." }];
        _document.Components = new OpenApiComponents();
        _document.Paths = [];
        _schemas.AddAll();
        AddSecuritySchemes();
        AddSharedParts();
        DescribeIngestion();
        DescribeClientPolicy();
        DescribeTenants();
        DescribePolicies();
        DescribeHealthAndDocument();
    }

    private void AddSecuritySchemes()
    {
        _document.Components!.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [IngestionKey] = ApiKey(IngestionKeyMiddleware.HeaderName,
                "The tenant's ingestion key; it names the tenant. Missing, unknown or revoked: 401."),
            [AdminKey] = ApiKey(AdminKeyMiddleware.HeaderName,
                "The configured admin key (Telemetry__AdminKey). Missing or wrong: 401."),
            [FunctionKey] = ApiKey("x-functions-key",
                "In Azure the admin functions have authLevel function: send a function key here (or as ?code=) besides the admin key. " +
                "func start and the local host do not check it."),
        };
    }

    private static OpenApiSecurityScheme ApiKey(string header, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = header, Description = description };

    private void AddSharedParts()
    {
        var components = _document.Components!;
        components.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
        {
            [ETag] = new OpenApiHeader { Description = "The entity's version; send it back in If-Match to change it only if nobody else did.", Schema = ApiSchemas.String() },
            [RetryAfter] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying the same request.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            },
            [Location] = new OpenApiHeader { Description = "The tenant's URL.", Required = true, Schema = ApiSchemas.String("uri-reference") },
        };
        components.Parameters = new Dictionary<string, IOpenApiParameter>(StringComparer.Ordinal)
        {
            [TenantIdParameter] = PathId("tenantId", "The tenant.", "contoso"),
            [PoolIdParameter] = PathId("poolId", "The pool (its Meetings App and join launcher telemetry).", "pool01.contoso.com"),
            [KeyIdParameter] = new OpenApiParameter
            {
                Name = "keyId", In = ParameterLocation.Path, Required = true, Description = "A key id as registering or issuing answered it.",
                Schema = ApiSchemas.String(), Example = JsonValue.Create("k3f09a1c2b4d5"),
            },
            [AdminUserParameter] = new OpenApiParameter
            {
                Name = AdminRequests.UserHeader, In = ParameterLocation.Header,
                Description = $"Who makes the change, for the audit trail (an e-mail address, a ticket id); without it the trail says {AdminRequests.DefaultUser}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = AdminRequests.UserPatternText },
                Example = JsonValue.Create("alice@contoso.com"),
            },
            [IfMatchParameter] = new OpenApiParameter
            {
                Name = "If-Match", In = ParameterLocation.Header,
                Description = "Apply the change only if the stored ETag still matches (`*` matches any existing entity); else 412 etag_mismatch. Without it the change applies to whatever is stored.",
                Schema = ApiSchemas.String(),
            },
        };
        components.Responses = new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal)
        {
            [IngestionUnauthorized] = ProblemAnswer("No ingestion key, or one that is unknown or revoked.",
                Problems.Unauthorized("missing_api_key", $"Send the tenant's ingestion key in the {IngestionKeyMiddleware.HeaderName} header."),
                Problems.Unauthorized("invalid_api_key", "The ingestion key is unknown or revoked.")),
            [AdminUnauthorized] = ProblemAnswer("No admin key, or a wrong one.",
                Problems.Unauthorized("admin_key_missing", $"Admin routes require the {AdminKeyMiddleware.HeaderName} header."),
                Problems.Unauthorized("admin_key_invalid", $"The {AdminKeyMiddleware.HeaderName} header does not match the admin key.")),
            [StorageUnavailable] = WithRetryAfter(ProblemAnswer("Storage could not be reached or did not answer in time; retry later.",
                Problems.ServiceUnavailable("storage_unavailable", "Storage is not reachable right now; retry later."),
                Problems.ServiceUnavailable("deadline_exceeded", "Storage did not answer in time; retry later."))),
            [ConcurrentChange] = ProblemAnswer("Other changes to the same entity kept winning five attempts in a row; retry.",
                Problems.Create(StatusCodes.Status409Conflict, "concurrent_change", "The resource is changing.", "Other changes to the same entity kept winning; retry the request.")),
            [UnknownTenant] = ProblemAnswer("No such tenant is registered.", TenantFunctions.UnknownTenant("contoso")),
            [AdminBodyTooLarge] = ProblemAnswer($"The body is over {AdminRequests.MaxBodyBytes} bytes.",
                Problems.Create(StatusCodes.Status413PayloadTooLarge, "body_too_large", "The body is too large.", $"Admin bodies hold at most {AdminRequests.MaxBodyBytes} bytes.")),
            [AdminBodyNotJson] = ProblemAnswer("The body is not sent as application/json.",
                Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "The media type is not supported.", "Send the body as application/json.")),
        };
    }

    private static OpenApiParameter PathId(string name, string description, string example) => new()
    {
        Name = name,
        In = ParameterLocation.Path,
        Required = true,
        Description = $"{description} {char.ToUpperInvariant(Ids.Rule[0])}{Ids.Rule[1..]}; anything else is 400 invalid_id.",
        Schema = ApiSchemas.Id(),
        Example = JsonValue.Create(example),
    };

    // ---- Operations ----

    private void Operation(
        string route, HttpMethod method, string functionName, string summary, Caller caller,
        IOpenApiRequestBody? body, IEnumerable<IOpenApiParameter> parameters, params (int Status, IOpenApiResponse Answer)[] answers)
    {
        var operation = new OpenApiOperation
        {
            OperationId = functionName,
            Summary = summary,
            RequestBody = body,
            Parameters = [.. parameters],
            Responses = [],
            Security = caller switch
            {
                Caller.Client => [Requirement(IngestionKey)],
                Caller.Admin => [Requirement(AdminKey, FunctionKey), Requirement(AdminKey)],
                _ => [],
            },
        };
        foreach (var (status, answer) in answers)
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = answer;
        }

        if (caller == Caller.Client)
        {
            operation.Responses["401"] = Shared(IngestionUnauthorized);
        }
        else if (caller == Caller.Admin)
        {
            operation.Responses["401"] = Shared(AdminUnauthorized);
        }

        var path = "/" + route;
        if (!_document.Paths.TryGetValue(path, out var item))
        {
            item = new OpenApiPathItem();
            _document.Paths[path] = item;
        }

        ((OpenApiPathItem)item).AddOperation(method, operation);
    }

    private OpenApiSecurityRequirement Requirement(params string[] schemes)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes)
        {
            requirement[new OpenApiSecuritySchemeReference(scheme, _document)] = [];
        }

        return requirement;
    }

    private OpenApiResponseReference Shared(string response) => new(response, _document);

    private OpenApiParameterReference Parameter(string parameter) => new(parameter, _document);

    private OpenApiHeaderReference Header(string header) => new(header, _document);

    private static OpenApiParameter Query(string name, string description, IOpenApiSchema schema, bool required = false, string? example = null) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = required,
        Description = description,
        Schema = schema,
        Example = example is null ? null : JsonValue.Create(example),
    };

    private OpenApiRequestBody Body(string schema, string description, params (string Name, string Summary, JsonNode Value)[] examples) => new()
    {
        Required = true,
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
        {
            [Json] = new OpenApiMediaType { Schema = _schemas.Ref(schema), Examples = Examples(examples) },
        },
    };

    private OpenApiResponse Answer(string description, string schema, params (string Name, string Summary, JsonNode Value)[] examples) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
        {
            [Json] = new OpenApiMediaType { Schema = _schemas.Ref(schema), Examples = examples.Length == 0 ? null : Examples(examples) },
        },
    };

    /// <summary>A problem answer; each example is named by its code unless a name is given.</summary>
    private OpenApiResponse ProblemAnswer(string description, params ProblemHttpResult[] problems) =>
        ProblemAnswer(description, [.. problems.Select(problem => ((string?)null, problem))]);

    private OpenApiResponse ProblemAnswer(string description, params (string? Name, ProblemHttpResult Problem)[] problems) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
        {
            [ProblemJson] = new OpenApiMediaType
            {
                Schema = _schemas.Ref(ApiSchemas.Problem),
                Examples = Examples([.. problems.Select(p =>
                {
                    var code = (string)p.Problem.ProblemDetails.Extensions["code"]!;
                    return (p.Name ?? code, code, ApiSchemas.ToJson(p.Problem.ProblemDetails));
                })]),
            },
        },
    };

    private OpenApiResponse WithRetryAfter(OpenApiResponse response)
    {
        response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal) { [RetryAfter] = Header(RetryAfter) };
        return response;
    }

    private OpenApiResponse WithHeaders(OpenApiResponse response, params string[] headers)
    {
        response.Headers = headers.ToDictionary(h => h, h => (IOpenApiHeader)Header(h), StringComparer.Ordinal);
        return response;
    }

    private static Dictionary<string, IOpenApiExample> Examples(IEnumerable<(string Name, string Summary, JsonNode Value)> examples) =>
        examples.ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = e.Value }, StringComparer.Ordinal);

    private static OpenApiResponse NoContent(string description) => new() { Description = description };
}
