using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The function folders the Functions host reads: names, triggers and bindings as the catalog agrees.</summary>
public sealed partial class FunctionDefinitionTests
{
    // The agreed function catalog: name, route (without the host's /api prefix), methods, authLevel.
    private static readonly (string Name, string Route, string[] Methods, string AuthLevel)[] HttpFunctions =
    [
        ("IngestCensus", "v1/census", ["post"], "anonymous"),
        ("IngestUsage", "v1/usage", ["post"], "anonymous"),
        ("IngestErrors", "v1/errors", ["post"], "anonymous"),
        ("GetPolicy", "v1/policy", ["get"], "anonymous"),
        ("Health", "health", ["get"], "anonymous"),
        ("AdminTenant", "v1/admin/tenants/{tenantId}", ["get", "put"], "function"),
        ("AdminTenantKeys", "v1/admin/tenants/{tenantId}/keys", ["post"], "function"),
        ("AdminTenantKey", "v1/admin/tenants/{tenantId}/keys/{keyId}", ["delete"], "function"),
        ("AdminTenantPolicy", "v1/admin/tenants/{tenantId}/policy", ["get", "put"], "function"),
        ("AdminPoolPolicy", "v1/admin/tenants/{tenantId}/pools/{poolId}/policy", ["get", "put"], "function"),
        ("AdminAudit", "v1/admin/tenants/{tenantId}/audit", ["get"], "function"),
    ];

    private static readonly string[] QueueFunctions = ["ProcessCensus", "ProcessUsage", "ProcessErrors"];

    public static TheoryData<string, string, string[], string> HttpCatalog
    {
        get
        {
            var data = new TheoryData<string, string, string[], string>();
            foreach (var (name, route, methods, authLevel) in HttpFunctions)
            {
                data.Add(name, route, methods, authLevel);
            }

            return data;
        }
    }

    public static TheoryData<string> QueueCatalog => new(QueueFunctions);

    public static TheoryData<string> AllFunctionNames =>
        new(FunctionDefinitions.All.Select(f => f.Name));

    [Fact]
    public void The_function_folders_are_exactly_the_catalog()
    {
        var expected = HttpFunctions.Select(f => f.Name).Concat(QueueFunctions);

        Assert.Equal(expected.Order(StringComparer.Ordinal), FunctionDefinitions.All.Select(f => f.Name));
    }

    [Theory]
    [MemberData(nameof(AllFunctionNames))]
    public void Every_function_has_a_valid_name_and_exactly_one_trigger(string name)
    {
        var function = Find(name);

        Assert.Matches(FunctionName(), function.Name);
        Assert.NotEmpty(function.Bindings);
        Assert.Single(function.Bindings, b => (string?)b!["direction"] == "in");
        Assert.True(function.IsHttp || function.IsQueue, $"{name} has neither an HTTP nor a queue trigger.");
    }

    [Theory]
    [MemberData(nameof(HttpCatalog))]
    public void Http_functions_bind_only_the_request_and_the_response_so_the_host_forwards_them(
        string name, string route, string[] methods, string authLevel)
    {
        var function = Find(name);

        // Any third binding would make the host send its JSON payload instead of the original request.
        Assert.Equal(2, function.Bindings.Count);
        var trigger = function.Trigger;
        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("req", (string?)trigger["name"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal(methods, trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal(authLevel, (string?)trigger["authLevel"]);

        var output = Assert.Single(function.Bindings.OfType<JsonObject>(), b => (string?)b["direction"] == "out");
        Assert.Equal("http", (string?)output["type"]);
        Assert.Equal("res", (string?)output["name"]);
    }

    [Theory]
    [MemberData(nameof(QueueCatalog))]
    public void Queue_functions_bind_one_queue_trigger_named_message_on_the_host_storage(string name)
    {
        var function = Find(name);

        var trigger = Assert.Single(function.Bindings.OfType<JsonObject>());
        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal("in", (string?)trigger["direction"]);
        Assert.Equal("message", (string?)trigger["name"]);
        Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
        Assert.Matches(QueueName(), (string?)trigger["queueName"]);
    }

    [Fact]
    public void Admin_routes_require_a_function_key_and_client_routes_are_anonymous()
    {
        foreach (var function in FunctionDefinitions.Http)
        {
            var route = (string?)function.Trigger["route"] ?? "";
            var expected = route.StartsWith("v1/admin/", StringComparison.Ordinal) ? "function" : "anonymous";
            Assert.True(expected == (string?)function.Trigger["authLevel"], $"{function.Name}: authLevel should be {expected}.");
        }
    }

    [Fact]
    public void No_two_http_functions_claim_the_same_route_and_method()
    {
        var pairs = FunctionDefinitions.Http.SelectMany(f => f.Methods.Select(m => $"{m} {f.HandlerRoute}")).ToList();

        Assert.Equal(pairs.Count, pairs.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private static FunctionDefinition Find(string name) =>
        FunctionDefinitions.All.SingleOrDefault(f => f.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"functions/definitions/{name}/function.json is missing.");

    // Function names the host accepts: a letter first, then letters, digits, '_' or '-', at most 127 characters.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,126}$")]
    private static partial Regex FunctionName();

    // Storage queue names: 3 to 63 lower-case letters, digits and single dashes.
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueName();
}
