using Telemetry.Core;
using Telemetry.Functions.Configuration;

namespace Telemetry.Functions.Processing;

/// <summary>Registers the in-process queue workers when no Functions host triggers the queue functions.</summary>
public static class ProcessingExtensions
{
    public static IHostApplicationBuilder AddQueueProcessing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
