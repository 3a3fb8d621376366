using Telemetry.Client.Wire;

namespace Telemetry.Client.Policy;

/// <summary>Whether a record of a category is worth sending under the last policy answer and the user's opt-in.</summary>
internal static class PolicyDecision
{
    /// <summary>
    /// Null when the record should be sent; otherwise the setting that would suppress it (the service's
    /// suppressedReason names). Before the first policy answer everything is sent and the service decides.
    /// </summary>
    public static string? Suppression(TelemetryCategory category, TelemetrySource source, TelemetryPolicy? policy, bool userOptIn)
    {
        if (category == TelemetryCategory.Errors && source == TelemetrySource.Client && !userOptIn)
        {
            return "UserOptIn";
        }

        var answer = policy is null ? Collection.On : category switch
        {
            TelemetryCategory.Census => policy.Census,
            TelemetryCategory.Usage => policy.Usage,
            _ => policy.Errors,
        };
        return answer switch
        {
            Collection.Off => source == TelemetrySource.Client ? "DisableAutomaticSendTracing" : "MeetingUxEnableTelemetry",
            Collection.OptIn when !userOptIn => "UserOptIn",
            _ => null,
        };
    }
}
