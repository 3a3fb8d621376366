using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Storage;

namespace Telemetry.Functions.Configuration;

/// <summary>Settings bound and validated at start-up, and the singletons made from them.</summary>
public static class ConfigurationExtensions
{
    /// <summary>The environment variable that the Functions host sets when it runs this handler.</summary>
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static IHostApplicationBuilder AddTelemetryConfiguration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<TelemetryOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => CreateStorageAccount(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider =>
            PseudonymizationKeys.CreatePseudonymizer(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Pseudonymization));
        return builder;
    }

    /// <summary>True when the Functions host runs this process and triggers the queue functions itself.</summary>
    public static bool IsUnderFunctionsHost(this IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[CustomHandlerPortSetting]);

    private static StorageAccount CreateStorageAccount(IConfiguration configuration) =>
        StorageAccount.FromSettings(setting => configuration[setting.Replace("__", ":", StringComparison.Ordinal)]);
}
