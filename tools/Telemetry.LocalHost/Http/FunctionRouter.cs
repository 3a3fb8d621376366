using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Template;

namespace Telemetry.LocalHost.Http;

/// <summary>
/// Matches requests to HTTP functions the way the Functions host does: one ASP.NET Core <see cref="Route"/> per
/// function (<c>{routePrefix}/{route}</c>, the function name when there is no route), inline constraints
/// resolved by the routing services, and an HTTP method constraint when the function names methods. A method that
/// does not match is a miss (404), as in the host. More specific templates are tried first.
/// </summary>
internal sealed class FunctionRouter
{
    private const string FunctionToken = "function";
    private static readonly RouteHandler NoHandler = new RouteHandler(_ => Task.CompletedTask);

    private readonly IReadOnlyList<Route> _routes;

    public FunctionRouter(IEnumerable<HttpFunction> functions, IInlineConstraintResolver constraintResolver)
    {
        _routes = functions
            .Select(function =>
            {
                var constraints = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                if (function.Methods.Count > 0)
                {
                    constraints["httpMethod"] = new HttpMethodRouteConstraint([.. function.Methods]);
                }

                var route = new Route(
                    NoHandler,
                    function.Name,
                    function.RouteTemplate,
                    defaults: null,
                    constraints,
                    new RouteValueDictionary { [FunctionToken] = function },
                    constraintResolver);
                return (route, precedence: RoutePrecedence.ComputeInbound(TemplateParser.Parse(function.RouteTemplate)));
            })
            .OrderBy(r => r.precedence)
            .Select(r => r.route)
            .ToArray();
    }

    public async Task<(HttpFunction Function, RouteValueDictionary Values)?> MatchAsync(HttpContext context)
    {
        foreach (var route in _routes)
        {
            var routeContext = new RouteContext(context);
            await route.RouteAsync(routeContext).ConfigureAwait(false);
            if (routeContext.Handler is not null && routeContext.RouteData.DataTokens[FunctionToken] is HttpFunction function)
            {
                return (function, routeContext.RouteData.Values);
            }
        }

        return null;
    }
}
