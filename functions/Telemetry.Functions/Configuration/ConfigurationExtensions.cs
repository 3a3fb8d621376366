using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services;
using Telemetry.Services.Processing;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Configuration;

/// <summary>Settings bound and validated at start-up, and the application services they configure.</summary>
public static class ConfigurationExtensions
{
    public static IHostApplicationBuilder AddTelemetryConfiguration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<TelemetryOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        services.AddTelemetryServices();
        services.AddSingleton(provider =>
            PseudonymizationKeys.CreatePseudonymizer(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Pseudonymization));
        services.AddOptions<TenantDirectoryOptions>().Configure<IOptions<TelemetryOptions>>((directory, telemetry) =>
            directory.CacheLifetime = TimeSpan.FromSeconds(telemetry.Value.PolicyCacheSeconds));
        services.AddOptions<TableWriterOptions>().Configure<IOptions<TelemetryOptions>>((writer, telemetry) =>
            writer.MaxParallelPartitions = telemetry.Value.Processing.MaxParallelPartitions);
        return builder;
    }
}
