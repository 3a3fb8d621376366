using System.Net;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>Admin key, unknown tenants, invalid ids and invalid bodies: each a clear problem+json answer.</summary>
public class AdminValidationTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "PUT", "/api/v1/admin/tenants/{0}" },
        { "GET", "/api/v1/admin/tenants/{0}" },
        { "POST", "/api/v1/admin/tenants/{0}/keys" },
        { "DELETE", "/api/v1/admin/tenants/{0}/keys/k0123456789ab" },
        { "GET", "/api/v1/admin/tenants/{0}/policy" },
        { "PUT", "/api/v1/admin/tenants/{0}/policy" },
        { "GET", "/api/v1/admin/tenants/{0}/pools/pool01/policy" },
        { "PUT", "/api/v1/admin/tenants/{0}/pools/pool01/policy" },
        { "GET", "/api/v1/admin/tenants/{0}/audit" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_admin_route_answers_401_without_an_admin_key(string method, string route)
    {
        using var client = app.CreateClient();
        using var request = AdminTestApp.Request(new HttpMethod(method), string.Format(null, route, "contoso"), BodyFor(method, route));

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "admin_key_missing");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_admin_route_answers_401_with_a_wrong_admin_key(string method, string route)
    {
        using var client = app.CreateClient();
        using var request = AdminTestApp.Request(new HttpMethod(method), string.Format(null, route, "contoso"), BodyFor(method, route),
            ("x-admin-key", AdminTestApp.AdminKey + "x"));

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "admin_key_invalid");
    }

    [Fact]
    public async Task An_ingestion_key_is_no_admin_key()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        using var client = app.CreateClient();
        using var request = AdminTestApp.Request(HttpMethod.Get, $"/api/v1/admin/tenants/{tenantId}", null, ("x-admin-key", key), ("x-api-key", key));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_of_an_unknown_tenant_answers_404_except_registration(string method, string route)
    {
        var tenantId = AdminTestApp.NewTenantId();
        using var request = AdminTestApp.Request(new HttpMethod(method), string.Format(null, route, tenantId), BodyFor(method, route));

        using var response = await app.Http.SendAsync(request);

        if (method == "PUT" && route == "/api/v1/admin/tenants/{0}")
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound, "unknown_tenant");
        }
    }

    [Theory]
    [InlineData("-starts-with-dash")]
    [InlineData("has%20space")]
    [InlineData("has%27quote")]
    [InlineData("has%7Cbar")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678")]
    public async Task An_invalid_tenant_id_answers_400(string tenantId)
    {
        using var get = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");
        using var put = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}", """{"displayName":"x"}"""));

        var problem = await AssertProblemAsync(get, HttpStatusCode.BadRequest, "invalid_id");
        Assert.NotNull(problem["errors"]?["tenantId"]);
        await AssertProblemAsync(put, HttpStatusCode.BadRequest, "invalid_id");
    }

    [Fact]
    public async Task An_invalid_pool_id_answers_400()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/pools/pool%23one/policy");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_id");
        Assert.NotNull(problem["errors"]?["poolId"]);
    }

    [Theory]
    [InlineData("""{"displayName":"Contoso","extra":1}""", "extra")]
    [InlineData("""{"displayName":42}""", "displayName")]
    [InlineData("""{"displayName":null}""", "displayName")]
    [InlineData("""{}""", "displayName")]
    [InlineData("""{"displayName":"   "}""", "displayName")]
    [InlineData("""{"displayName":"a","displayName":"b"}""", "displayName")]
    public async Task An_invalid_tenant_body_answers_400_naming_the_field(string json, string field)
    {
        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{AdminTestApp.NewTenantId()}", json));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Theory]
    [InlineData("""{"disableAutomaticSendTracing":"true"}""", "disableAutomaticSendTracing")]
    [InlineData("""{"disableAutomaticSendTracing":1}""", "disableAutomaticSendTracing")]
    [InlineData("""{}""", "disableAutomaticSendTracing")]
    [InlineData("""{"disableAutomaticSendTracing":true,"meetingUxEnableTelemetry":true}""", "meetingUxEnableTelemetry")]
    public async Task An_invalid_policy_body_answers_400_naming_the_field(string json, string field)
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", json));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Theory]
    [InlineData("tenants/{0}", """{"displayName":"\ud800"}""")]
    [InlineData("tenants/{0}", """{"\udc00":"Contoso"}""")]
    [InlineData("tenants/{0}/policy", """{"\ud800":true}""")]
    [InlineData("tenants/{0}/pools/pool01/policy", """{"meetingUxEnableTelemetry":true,"\udfff":1}""")]
    public async Task A_body_with_an_escaped_lone_surrogate_answers_400_not_500(string route, string body)
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, "/api/v1/admin/" + string.Format(null, route, tenantId), body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_json");
    }

    [Theory]
    [InlineData("not json", "invalid_json")]
    [InlineData("[true]", "invalid_body")]
    [InlineData("{\"meetingUxEnableTelemetry\": tru", "invalid_json")]
    public async Task A_body_that_is_no_json_object_answers_400(string body, string code)
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/pools/pool01/policy", body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_as_json_answers_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/admin/tenants/{AdminTestApp.NewTenantId()}")
        {
            Content = new StringContent("""{"displayName":"Contoso"}""", System.Text.Encoding.UTF8, "text/plain"),
        };

        using var response = await app.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task An_oversized_body_answers_413()
    {
        var json = "{\"displayName\":\"" + new string('a', 20_000) + "\"}";

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{AdminTestApp.NewTenantId()}", json));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Theory]
    [InlineData("")]
    [InlineData("with\u007Fdelete")]
    [InlineData("tab\there")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678")]
    public async Task An_invalid_admin_user_header_answers_400(string user)
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Post, $"/api/v1/admin/tenants/{tenantId}/keys", null, ("x-admin-user", user)));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_admin_user");
        Assert.NotNull(problem["errors"]?["x-admin-user"]);
    }

    private static string? BodyFor(string method, string route) =>
        method != "PUT" ? null
        : route.EndsWith("/pools/pool01/policy", StringComparison.Ordinal) ? """{"meetingUxEnableTelemetry":true}"""
        : route.EndsWith("/policy", StringComparison.Ordinal) ? """{"disableAutomaticSendTracing":true}"""
        : route.EndsWith("{0}", StringComparison.Ordinal) ? """{"displayName":"Contoso"}"""
        : null;

    internal static async Task<System.Text.Json.Nodes.JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await AdminTestApp.ReadJsonAsync(response);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.EndsWith(code, (string?)problem["type"], StringComparison.Ordinal);
        return problem;
    }
}
