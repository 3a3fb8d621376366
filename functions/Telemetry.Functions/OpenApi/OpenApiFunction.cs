using System.Globalization;
using Microsoft.OpenApi;
using Telemetry.Functions.Http;

namespace Telemetry.Functions.OpenApi;

/// <summary>GET /api/openapi.json: the OpenAPI 3.1 description of every route, for anyone (it holds no secret).</summary>
public sealed class OpenApiFunction(TimeProvider time)
{
    public const string Name = "OpenApiDocument";

    /// <summary>
    /// The examples' timestamps must stay inside the 7 days a record may be old, so a document built more than a day
    /// ago is built again; in between every request gets the same text.
    /// </summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    private static volatile BuiltDocument? s_built;

    [Function(Name)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApiDocument)] HttpRequest request)
    {
        var now = time.GetUtcNow();
        var built = s_built;
        if (built is null || now - built.At > MaxAge || built.At > now)
        {
            built = new BuiltDocument(now, Serialize(ApiDescription.Build(now)));
            s_built = built;
        }

        return TypedResults.Text(built.Json, "application/json", System.Text.Encoding.UTF8);
    }

    private static string Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private sealed record BuiltDocument(DateTimeOffset At, string Json);
}
