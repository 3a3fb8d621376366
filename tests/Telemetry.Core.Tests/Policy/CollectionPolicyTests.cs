namespace Telemetry.Core.Tests.Policy;

public class CollectionPolicyTests
{
    // The decision table, restated as data: for each (source group, category), the switch states that must
    // ALL hold for a record to be accepted, in the order their absence is reported as the suppression reason.
    private enum Need { MuxOn, DastOff, OptedIn }

    private static readonly Dictionary<(bool PoolSource, TelemetryCategory Category), Need[]> Table = new()
    {
        [(false, TelemetryCategory.Census)] = [],
        [(false, TelemetryCategory.Usage)] = [Need.DastOff],
        [(false, TelemetryCategory.Errors)] = [Need.DastOff, Need.OptedIn],
        [(true, TelemetryCategory.Census)] = [Need.MuxOn],
        [(true, TelemetryCategory.Usage)] = [Need.MuxOn, Need.DastOff],
        [(true, TelemetryCategory.Errors)] = [Need.MuxOn, Need.DastOff],
    };

    private static readonly string?[] Platforms = [null, "windows", "mac", "ios", "android", "web", "linux"];

    [Fact]
    public void Every_combination_of_source_category_switches_opt_in_kind_and_platform_follows_the_table()
    {
        var mismatches = new List<string>();
        var walked = 0;
        foreach (var source in Enum.GetValues<TelemetrySource>())
        foreach (var category in Enum.GetValues<TelemetryCategory>())
        foreach (var dast in new[] { false, true })
        foreach (var mux in new[] { false, true })
        foreach (var optIn in new[] { false, true })
        foreach (var kind in new[] { "error", "crash" })
        foreach (var platform in Platforms)
        {
            walked++;
            var expected = Expected(source, category, dast, mux, optIn, kind, platform);
            var actual = CollectionPolicy.Decide(source, category, new PolicySettings(dast, mux), optIn, kind, platform);
            if (actual != expected)
            {
                mismatches.Add($"{source}/{category} DAST={dast} MUX={mux} optIn={optIn} {kind}/{platform}: expected {expected}, got {actual}");
            }
        }

        Assert.Equal(3 * 3 * 2 * 2 * 2 * 2 * Platforms.Length, walked);
        Assert.Empty(mismatches);
    }

    private static Decision Expected(TelemetrySource source, TelemetryCategory category, bool dast, bool mux, bool optIn, string kind, string? platform)
    {
        var poolSource = source != TelemetrySource.Client;

        // "a record of kind crash from Windows is rejected (Watson's job)": Meetings App and join launcher only.
        if (poolSource && category == TelemetryCategory.Errors && kind == "crash" && platform == "windows")
        {
            return new Decision(Verdict.Reject, "crash_not_collected");
        }

        foreach (var need in Table[(poolSource, category)])
        {
            var (holds, reason) = need switch
            {
                Need.MuxOn => (mux, "MeetingUxEnableTelemetry"),
                Need.DastOff => (!dast, "DisableAutomaticSendTracing"),
                _ => (optIn, "UserOptIn"),
            };
            if (!holds)
            {
                return new Decision(Verdict.Suppress, reason);
            }
        }

        return new Decision(Verdict.Accept, null);
    }

    [Theory]
    [InlineData(false, "on", "opt-in")]
    [InlineData(true, "off", "off")]
    public void Clients_are_told_census_is_always_on_and_usage_and_errors_follow_the_tenant(bool dast, string usage, string errors)
    {
        foreach (var mux in new[] { false, true })
        {
            var availability = CollectionPolicy.Describe(TelemetrySource.Client, new PolicySettings(dast, mux));
            Assert.Equal(new CategoryAvailability("on", usage, errors), availability);
        }
    }

    [Theory]
    [InlineData(false, false, "off", "off", "off")]
    [InlineData(true, false, "off", "off", "off")]
    [InlineData(false, true, "on", "on", "on")]
    [InlineData(true, true, "on", "off", "off")]
    public void Meetings_app_and_join_launcher_are_told_what_the_pool_and_tenant_allow(bool dast, bool mux, string census, string usage, string errors)
    {
        foreach (var source in new[] { TelemetrySource.MeetingsApp, TelemetrySource.JoinLauncher })
        {
            var availability = CollectionPolicy.Describe(source, new PolicySettings(dast, mux));
            Assert.Equal(new CategoryAvailability(census, usage, errors), availability);
        }
    }

    [Fact]
    public void Describe_agrees_with_Decide_for_every_source_and_setting()
    {
        foreach (var source in Enum.GetValues<TelemetrySource>())
        foreach (var dast in new[] { false, true })
        foreach (var mux in new[] { false, true })
        {
            var settings = new PolicySettings(dast, mux);
            var described = CollectionPolicy.Describe(source, settings);
            Assert.Equal(Availability(source, TelemetryCategory.Census, settings), described.Census);
            Assert.Equal(Availability(source, TelemetryCategory.Usage, settings), described.Usage);
            Assert.Equal(Availability(source, TelemetryCategory.Errors, settings), described.Errors);
        }
    }

    private static string Availability(TelemetrySource source, TelemetryCategory category, PolicySettings settings)
    {
        var withOptIn = CollectionPolicy.Decide(source, category, settings, userOptIn: true, "error", "mac").Verdict;
        var withoutOptIn = CollectionPolicy.Decide(source, category, settings, userOptIn: false, "error", "mac").Verdict;
        return (withOptIn, withoutOptIn) switch
        {
            (Verdict.Accept, Verdict.Accept) => "on",
            (Verdict.Accept, _) => "opt-in",
            _ => "off",
        };
    }

    [Fact]
    public void Default_settings_collect_client_usage_but_nothing_from_meetings_until_the_pool_allows_it()
    {
        Assert.Equal(Verdict.Accept, CollectionPolicy.Decide(TelemetrySource.Client, TelemetryCategory.Usage, PolicySettings.Default, false, "error", null).Verdict);
        Assert.Equal(
            new Decision(Verdict.Suppress, SuppressionReasons.MeetingUxEnableTelemetry),
            CollectionPolicy.Decide(TelemetrySource.MeetingsApp, TelemetryCategory.Census, PolicySettings.Default, false, "error", null));
    }

    [Fact]
    public void The_privacy_safe_settings_suppress_everything_except_client_census()
    {
        foreach (var source in Enum.GetValues<TelemetrySource>())
        foreach (var category in Enum.GetValues<TelemetryCategory>())
        {
            var verdict = CollectionPolicy.Decide(source, category, PolicySettings.PrivacySafe, true, "error", "mac").Verdict;
            var expected = source == TelemetrySource.Client && category == TelemetryCategory.Census ? Verdict.Accept : Verdict.Suppress;
            Assert.Equal(expected, verdict);
        }
    }
}
