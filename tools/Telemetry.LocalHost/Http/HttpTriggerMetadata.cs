using System.Text.Json;
using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telemetry.LocalHost.Protocol;

namespace Telemetry.LocalHost.Http;

/// <summary>
/// The binding data the host sends with an HTTP invocation, as the WebJobs HTTP extension builds it: each query
/// parameter (but <c>code</c>, the function key) and each route value by name, then <c>Query</c> and <c>Headers</c>
/// as JSON objects. The worker binds function parameters such as <c>string tenantId</c> from it. Unlike the host,
/// the local host does not parse JSON request bodies into binding data: the body is forwarded untouched.
/// </summary>
internal static class HttpTriggerMetadata
{
    private const string QueryKey = "Query";
    private const string HeadersKey = "Headers";
    private const string FunctionKeyParameter = "code";

    public static void Add(MapField<string, TypedData> metadata, HttpRequest request, RouteValueDictionary routeValues)
    {
        var values = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.Query)
        {
            query[key] = value.ToString();
            if (!key.Equals(FunctionKeyParameter, StringComparison.OrdinalIgnoreCase))
            {
                values[key] = new TypedData { String = value.ToString() };
            }
        }

        foreach (var (key, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                values[key] = new TypedData { String = text };
            }
        }

        values.TryAdd(QueryKey, new TypedData { Json = JsonSerializer.Serialize(query) });
        values.TryAdd(HeadersKey, new TypedData
        {
            Json = JsonSerializer.Serialize(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)),
        });

        metadata.Add(values);
    }
}
