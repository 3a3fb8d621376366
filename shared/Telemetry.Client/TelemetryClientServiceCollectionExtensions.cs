using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Client;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelemetryClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client sends with (configure its handlers through the returned builder).</summary>
    public const string HttpClientName = "Telemetry.Client";

    /// <summary>
    /// Registers one <see cref="TelemetryClient"/> (a singleton, disposed with the container) whose options are validated
    /// at start-up, and the named <see cref="HttpClient"/> it sends with.
    /// </summary>
    public static IHttpClientBuilder AddTelemetryClient(this IServiceCollection services, Action<TelemetryClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TelemetryClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryClientOptions>, TelemetryClientOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            // One HttpClient for the client's life: the container is already disposing when the last flush sends,
            // and a factory can no longer build handlers then.
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new TelemetryClient(
                () => http,
                provider.GetRequiredService<IOptions<TelemetryClientOptions>>().Value,
                provider.GetService<ILogger<TelemetryClient>>(),
                provider.GetService<IMeterFactory>(),
                provider.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return services.AddHttpClient(HttpClientName);
    }
}
