namespace Telemetry.Core;

/// <summary>The decision table (README, "What is collected"): which records the service collects.</summary>
public static class CollectionPolicy
{
    /// <summary>Kind of an error report that is a crash.</summary>
    public const string CrashKind = "crash";

    /// <summary>Platform whose Meetings App crashes belong to Windows Error Reporting.</summary>
    public const string WindowsPlatform = "windows";

    /// <summary>
    /// Decides one record. <paramref name="userOptIn"/>, <paramref name="kind"/> and
    /// <paramref name="platform"/> matter only for error reports.
    /// </summary>
    public static Decision Decide(
        TelemetrySource source,
        TelemetryCategory category,
        PolicySettings settings,
        bool userOptIn,
        string kind,
        string? platform)
    {
        if (!TelemetrySources.IsPoolScoped(source))
        {
            return category switch
            {
                TelemetryCategory.Census => Decision.Accept,
                _ when settings.DisableAutomaticSendTracing => Decision.Suppress(SuppressionReasons.DisableAutomaticSendTracing),
                TelemetryCategory.Errors when !userOptIn => Decision.Suppress(SuppressionReasons.UserOptIn),
                _ => Decision.Accept,
            };
        }

        // Windows crashes of the Meetings App are uploaded by Windows Error Reporting, never here,
        // whatever the policy says.
        if (category == TelemetryCategory.Errors
            && string.Equals(kind, CrashKind, StringComparison.Ordinal)
            && string.Equals(platform, WindowsPlatform, StringComparison.Ordinal))
        {
            return Decision.Reject(RecordErrorCodes.CrashNotCollected);
        }

        return category switch
        {
            _ when !settings.MeetingUxEnableTelemetry => Decision.Suppress(SuppressionReasons.MeetingUxEnableTelemetry),
            TelemetryCategory.Census => Decision.Accept,
            _ when settings.DisableAutomaticSendTracing => Decision.Suppress(SuppressionReasons.DisableAutomaticSendTracing),
            _ => Decision.Accept,
        };
    }

    /// <summary>What the source collects under the settings, per category (for GET /api/v1/policy).</summary>
    public static CategoryAvailability Describe(TelemetrySource source, PolicySettings settings)
    {
        var sends = !settings.DisableAutomaticSendTracing;
        if (!TelemetrySources.IsPoolScoped(source))
        {
            return new CategoryAvailability(
                Census: CategoryAvailability.On,
                Usage: OnOff(sends),
                Errors: sends ? CategoryAvailability.OptIn : CategoryAvailability.Off);
        }

        var pool = settings.MeetingUxEnableTelemetry;
        return new CategoryAvailability(Census: OnOff(pool), Usage: OnOff(pool && sends), Errors: OnOff(pool && sends));
    }

    private static string OnOff(bool on) => on ? CategoryAvailability.On : CategoryAvailability.Off;
}
