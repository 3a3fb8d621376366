using Telemetry.Core;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Processing;

/// <summary>Registers queue processing, and the in-process workers when no Functions host triggers us.</summary>
public static class ProcessingExtensions
{
    public static IHostApplicationBuilder AddQueueProcessing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<TelemetryProcessor>();

        var workersEnabled = builder.Configuration.GetValue($"{TelemetryOptions.SectionName}:QueueWorkers:Enabled", true);
        if (workersEnabled && !builder.Configuration.IsUnderFunctionsHost())
        {
            foreach (var category in TelemetryCategories.All)
            {
                builder.Services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<QueueWorker>(provider, category));
            }
        }

        return builder;
    }
}
