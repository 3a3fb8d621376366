using Telemetry.Admin.Policy;

namespace Telemetry.Admin.Tests;

/// <summary>The decision table of the collection rules, as `collects` shows it.</summary>
public sealed class CollectionRulesTests
{
    [Theory]
    [InlineData(false, "on", "on", "opt-in")]
    [InlineData(true, "on", "off", "off")]
    public void TheClientSendsCensusAlwaysUsageUnlessDisabledAndErrorsOnlyWithTheUsersOptIn(bool dast, string census, string usage, string errors)
    {
        Assert.Equal(new Collected("client", null, census, usage, errors), CollectionRules.Client(dast));
    }

    [Theory]
    [InlineData(false, false, "off", "off", "off")]
    [InlineData(true, false, "off", "off", "off")]
    [InlineData(false, true, "on", "on", "on")]
    [InlineData(true, true, "on", "off", "off")]
    public void APoolSendsNothingWithoutMeetingUxEnableTelemetryAndOnlyCensusWhenTheTenantDisablesTracing(
        bool dast, bool mux, string census, string usage, string errors)
    {
        foreach (var source in CollectionRules.PoolSources)
        {
            Assert.Equal(new Collected(source, "p1", census, usage, errors), CollectionRules.Pool(source, "p1", dast, mux));
        }
    }
}
