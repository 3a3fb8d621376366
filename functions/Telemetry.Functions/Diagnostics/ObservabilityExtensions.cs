using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using Telemetry.Services.Diagnostics;

namespace Telemetry.Functions.Diagnostics;

/// <summary>
/// Logs, the service's metrics and the worker's invocation traces through OpenTelemetry: to the Application
/// Insights that Bicep provisions when APPLICATIONINSIGHTS_CONNECTION_STRING is set (with Entra ID when
/// APPLICATIONINSIGHTS_AUTHENTICATION_STRING says Authorization=AAD), and to an OTLP collector when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set. Log lines and metric tags are the ones the code writes: counts, names and
/// ids, never a record's content, a key or a clear identifier.
/// </summary>
internal static class ObservabilityExtensions
{
    public const string AppInsightsConnectionSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AppInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetryObservability(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration[AppInsightsConnectionSetting];
        var otlpEndpoint = configuration[OtlpEndpointSetting];
        if (string.IsNullOrEmpty(connectionString) && string.IsNullOrEmpty(otlpEndpoint))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter(TelemetryMetrics.MeterName));
        if (!string.IsNullOrEmpty(connectionString))
        {
            telemetry.UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;
                if (EntraIdClientId(configuration[AppInsightsAuthenticationSetting]) is { } clientId)
                {
                    exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        if (!string.IsNullOrEmpty(otlpEndpoint))
        {
            // Endpoint, protocol and intervals come from the standard OTEL_* settings.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The user-assigned identity's client id of "ClientId=…;Authorization=AAD"; null for any other authentication.</summary>
    internal static string? EntraIdClientId(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? clientId
            : null;
    }
}
