using System.Net;
using System.Text.Json;
using Telemetry.Client.Wire;

namespace Telemetry.Client.Policy;

/// <summary>Reads <c>GET /api/v1/policy</c> for the client's source and pool.</summary>
internal sealed class PolicyReader(Func<HttpClient> http, TelemetryClientOptions options, TimeProvider time)
{
    private readonly Uri _uri = Routes.Policy(options);

    /// <summary>The answer, or the status that refused it (null status: the service could not be reached).</summary>
    public async Task<(TelemetryPolicy? Policy, HttpStatusCode? Status)> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        request.Headers.Add(Routes.ApiKeyHeader, options.ApiKey);
        try
        {
            using var response = await http().SendAsync(request, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, response.StatusCode);
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(linked.Token), cancellationToken: linked.Token);
            var root = document.RootElement;
            return (new TelemetryPolicy(Read(root, TelemetryCategory.Census), Read(root, TelemetryCategory.Usage), Read(root, TelemetryCategory.Errors)), HttpStatusCode.OK);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, null);
        }
    }

    // Anything but a known answer reads as "off": the privacy-safe reading.
    private static Collection Read(JsonElement root, TelemetryCategory category) =>
        root.TryGetProperty(category.Name(), out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() switch { "on" => Collection.On, "opt-in" => Collection.OptIn, _ => Collection.Off }
            : Collection.Off;
}
