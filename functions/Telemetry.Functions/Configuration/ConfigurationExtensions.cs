using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services;
using Telemetry.Services.Administration;
using Telemetry.Services.Processing;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Configuration;

/// <summary>Settings bound and validated at start-up, and the application services they configure.</summary>
public static class ConfigurationExtensions
{
    private static readonly string[] FrameworkLogCategories = ["Microsoft", "System", "Azure", "Grpc"];

    public static IHostApplicationBuilder AddTelemetryConfiguration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Every log line travels to the host over gRPC: the frameworks' per-request lines (ASP.NET Core logs
        // several for each request) stay in the worker unless they are warnings.
        foreach (var framework in FrameworkLogCategories)
        {
            builder.Logging.AddFilter(framework, LogLevel.Warning);
        }

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
        services.AddOptions<TenantDeletionOptions>().Configure<IOptions<TelemetryOptions>>((deletion, telemetry) =>
            deletion.PurgeWindow = TimeSpan.FromSeconds(telemetry.Value.TenantPurgeWindowSeconds));
        return builder;
    }
}
