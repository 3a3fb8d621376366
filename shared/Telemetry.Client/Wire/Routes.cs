namespace Telemetry.Client.Wire;

/// <summary>The routes and headers of the public contract that the client uses.</summary>
internal static class Routes
{
    public const string ApiKeyHeader = "x-api-key";

    public static Uri Ingest(TelemetryClientOptions options, TelemetryCategory category) =>
        new(Base(options), $"api/v1/{category.Name()}");

    public static Uri Policy(TelemetryClientOptions options) =>
        new(Base(options), options.Source == TelemetrySource.Client
            ? "api/v1/policy?source=client"
            : $"api/v1/policy?source={options.Source.WireName()}&poolId={Uri.EscapeDataString(options.PoolId!)}");

    // A base without a trailing slash would lose its last path segment when resolving.
    private static Uri Base(TelemetryClientOptions options)
    {
        var text = options.ServiceUri!.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
