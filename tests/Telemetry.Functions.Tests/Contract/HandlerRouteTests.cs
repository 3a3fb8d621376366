using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The routes the handler really serves, read from its endpoint table, against the function definitions.</summary>
public sealed class HandlerRouteTests : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IReadOnlyList<(string Method, string Route)> _served = [];

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.SharedAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (name, value) in LocalSettings.For(azurite.ConnectionString))
            {
                builder.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
            }

            // As under the Functions host: the host triggers the queue functions, no in-process workers.
            builder.UseSetting("FUNCTIONS_CUSTOMHANDLER_PORT", "7071");
        });

        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        _served = endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => Methods(e).Select(method => (method, Render(e.RoutePattern))))
            .ToList();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Fact]
    public void The_handler_serves_exactly_the_http_functions_under_the_api_prefix()
    {
        var defined = FunctionDefinitions.Http
            .SelectMany(f => f.Methods.Select(method => $"{method} {f.HandlerRoute}"))
            .Order(StringComparer.Ordinal);
        var served = _served
            .Where(e => e.Route.StartsWith(HostJson.RoutePrefix + "/", StringComparison.Ordinal))
            .Select(e => $"{e.Method} {e.Route}")
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(defined, served);
    }

    [Fact]
    public void The_handler_serves_a_post_route_named_after_each_queue_function_and_nothing_else_outside_the_api()
    {
        var defined = FunctionDefinitions.Queue.Select(f => $"POST {f.Name}").Order(StringComparer.Ordinal);
        var served = _served
            .Where(e => e.Route.Length > 0 && !e.Route.StartsWith(HostJson.RoutePrefix + "/", StringComparison.Ordinal))
            .Select(e => $"{e.Method} {e.Route}")
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(defined, served);
    }

    [Fact]
    public void The_handler_answers_the_hosts_readiness_probe_at_the_root()
    {
        Assert.Contains(("GET", ""), _served);
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];

    // "/api/v1/admin/tenants/{tenantId:regex(...)}" is written "api/v1/admin/tenants/{tenantId}".
    private static string Render(RoutePattern pattern) =>
        string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}
