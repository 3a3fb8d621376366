using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Telemetry.Functions.Middleware;
using Telemetry.Functions.Tests.Admin;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>
/// GET /api/openapi.json, served by the real worker: a valid OpenAPI 3.1 document that describes exactly the HTTP
/// functions the Worker SDK generated, whose examples get from the running service the answers it documents.
/// </summary>
public sealed class OpenApiDocumentTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task The_document_is_served_to_anyone_as_OpenAPI_3_1_that_Microsoft_OpenApi_reads_and_validates_without_errors()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/openapi.json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var (document, diagnostic) = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.StartsWith("3.1.", (string?)JsonNode.Parse(text)!["openapi"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_http_function_is_described_with_exactly_its_route_and_methods_and_every_path_is_a_function()
    {
        var document = await DocumentAsync();

        var described = Operations(document).Select(op => $"{op.Method.ToUpperInvariant()} {op.Path} {op.Operation["operationId"]}").Order(StringComparer.Ordinal);
        var generated = FunctionMetadata.Http.SelectMany(f => f.Methods.Select(m => $"{m} /{f.Route} {f.Name}")).Order(StringComparer.Ordinal);

        Assert.Equal(generated, described);
        Assert.Equal("/api", (string?)document["servers"]![0]!["url"]);
    }

    [Fact]
    public async Task Each_function_is_described_as_asking_for_the_keys_it_requires()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(op => (string)op.Operation["operationId"]!, op => op.Operation, StringComparer.Ordinal);

        Assert.All(FunctionMetadata.Http.Where(f => operations.ContainsKey(f.Name)), function =>
        {
            var schemes = Schemes(operations[function.Name]);
            Assert.Equal(function.Class.IsDefined(typeof(RequiresIngestionKeyAttribute), inherit: false), schemes.Contains("ingestionKey"));
            Assert.Equal(function.Class.IsDefined(typeof(RequiresAdminKeyAttribute), inherit: false), schemes.Contains("adminKey"));
            Assert.Equal(function.AuthLevel == "Function", schemes.Contains("functionKey"));
        });
        var headers = document["components"]!["securitySchemes"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value!["name"]);
        Assert.Equal("x-api-key", headers["ingestionKey"]);
        Assert.Equal("x-admin-key", headers["adminKey"]);
        Assert.Equal("x-functions-key", headers["functionKey"]);
    }

    [Fact]
    public async Task Every_example_in_the_document_matches_its_schema()
    {
        var document = await DocumentAsync();
        var schemas = new OpenApiSchemas(document);
        var checkedExamples = 0;

        foreach (var (where, operation, isRequest, mediaType) in MediaTypes(document, schemas))
        {
            foreach (var (name, example) in mediaType["examples"]?.AsObject() ?? [])
            {
                var problem = schemas.Check(mediaType["schema"]!, schemas.Resolve(example!)["value"]);

                // A request example answered with an error is meant to break the rules: the schema must refuse it too.
                if (isRequest && AnswerNamed(operation, schemas, name).Status >= 400)
                {
                    Assert.True(problem is not null, $"{where}, example {name}: the service refuses it, but the schema accepts it.");
                }
                else
                {
                    Assert.True(problem is null, $"{where}, example {name}: {problem}");
                }

                checkedExamples++;
            }
        }

        Assert.True(checkedExamples > 40, $"Only {checkedExamples} examples.");
    }

    [Fact]
    public async Task Every_request_example_sent_to_the_service_gets_the_status_and_body_the_document_gives_it()
    {
        var document = await DocumentAsync();
        var schemas = new OpenApiSchemas(document);
        var sent = 0;

        foreach (var (method, path, operation) in Operations(document))
        {
            if (operation["requestBody"] is not { } body)
            {
                continue;
            }

            var examples = schemas.Resolve(body)["content"]!["application/json"]!["examples"]!.AsObject();
            Assert.NotEmpty(examples);
            var (tenantId, key) = await TenantForAsync(method, path);
            foreach (var (name, example) in examples)
            {
                var (status, contentType, expected) = AnswerNamed(operation, schemas, name);
                using var request = Request(method, path, operation, schemas, tenantId, key, schemas.Resolve(example!)["value"]!);

                using var response = await app.CreateClient().SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();

                var where = $"{method.ToUpperInvariant()} {path}, example {name}";
                Assert.True(status == (int)response.StatusCode, $"{where}: expected {status}, got {(int)response.StatusCode}: {text}");
                Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
                var answer = JsonNode.Parse(text);
                var problem = schemas.Check(expected["schema"]!, answer);
                Assert.True(problem is null, $"{where}: the answer {text} does not match its schema: {problem}");
                var promised = schemas.Resolve(expected["examples"]![name]!)["value"]!.AsObject();
                foreach (var field in new[] { "code", "received", "accepted", "suppressed", "rejected", "suppressedReason", "displayName", "disableAutomaticSendTracing", "meetingUxEnableTelemetry" })
                {
                    if (promised.ContainsKey(field))
                    {
                        Assert.True(JsonNode.DeepEquals(promised[field], answer![field]), $"{where}: {field} is {answer![field]?.ToJsonString()}, the example says {promised[field]?.ToJsonString()}.");
                    }
                }

                sent++;
            }
        }

        Assert.True(sent >= 10, $"Only {sent} request examples.");
    }

    /// <summary>
    /// A tenant of its own per operation: registered (with its ingestion key), except for the route that registers
    /// tenants, whose examples register one and then rename it.
    /// </summary>
    private async Task<(string TenantId, string? Key)> TenantForAsync(string method, string path)
    {
        var tenantId = AdminTestApp.NewTenantId();
        var registers = method == "put" && path == "/v1/admin/tenants/{tenantId}";
        return (tenantId, registers ? null : await app.RegisterAsync(tenantId));
    }

    /// <summary>The documented answer that holds an example of the same name as the request example.</summary>
    private static (int Status, string ContentType, JsonObject MediaType) AnswerNamed(JsonObject operation, OpenApiSchemas schemas, string name)
    {
        var answers = (
            from response in operation["responses"]!.AsObject()
            from content in (schemas.Resolve(response.Value!)["content"]?.AsObject() ?? [])
            where content.Value!["examples"]?.AsObject().ContainsKey(name) == true
            select (int.Parse(response.Key, System.Globalization.CultureInfo.InvariantCulture), content.Key, content.Value!.AsObject())).ToList();
        Assert.True(answers.Count == 1, $"{operation["operationId"]}: {answers.Count} answers have an example named {name}.");
        return answers[0];
    }

    private static HttpRequestMessage Request(
        string method, string path, JsonObject operation, OpenApiSchemas schemas, string tenantId, string? key, JsonNode body)
    {
        var url = path;
        foreach (var parameter in (operation["parameters"]?.AsArray() ?? []).Select(p => schemas.Resolve(p!)).Where(p => (string?)p["in"] == "path"))
        {
            var name = (string)parameter["name"]!;
            var value = name == "tenantId" ? tenantId : (string)parameter["example"]!;
            url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), "/api" + url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var schemes = Schemes(operation);
        if (schemes.Contains("adminKey"))
        {
            request.Headers.Add("x-admin-key", AdminTestApp.AdminKey);
        }

        if (schemes.Contains("ingestionKey"))
        {
            request.Headers.Add("x-api-key", key);
        }

        return request;
    }

    /// <summary>Every security scheme any of the operation's requirements names.</summary>
    private static HashSet<string> Schemes(JsonObject operation) =>
        (operation["security"]?.AsArray() ?? []).SelectMany(r => r!.AsObject().Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/api/openapi.json"))!.AsObject();
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from member in path.Value!.AsObject()
        where Methods.Contains(member.Key)
        select (member.Key, path.Key, member.Value!.AsObject());

    /// <summary>Every request and response body of every operation, with where it is.</summary>
    private static IEnumerable<(string Where, JsonObject Operation, bool IsRequest, JsonObject MediaType)> MediaTypes(JsonObject document, OpenApiSchemas schemas)
    {
        foreach (var (method, path, operation) in Operations(document))
        {
            var bodies = operation["requestBody"] is { } body
                ? schemas.Resolve(body)["content"]!.AsObject().Select(c => ($"{method} {path} request {c.Key}", operation, true, c.Value!.AsObject()))
                : [];
            var answers = operation["responses"]!.AsObject().SelectMany(r => (schemas.Resolve(r.Value!)["content"]?.AsObject() ?? [])
                .Select(c => ($"{method} {path} {r.Key} {c.Key}", operation, false, c.Value!.AsObject())));
            foreach (var mediaType in bodies.Concat(answers))
            {
                yield return mediaType;
            }
        }
    }
}
