using System.Text.Json.Nodes;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Policy;

/// <summary>The decision table applied to a whole request: what is queued, what is suppressed and why, and every error in order.</summary>
public class BatchDecisionTests
{
    private static readonly PolicySettings Sends = new(DisableAutomaticSendTracing: false, MeetingUxEnableTelemetry: true);

    [Fact]
    public void Accepted_suppressed_and_rejected_records_are_told_apart_with_errors_in_request_order()
    {
        var optedOut = Bodies.Error().With("userOptIn", false);
        var unknownField = Bodies.Error().With("email", "someone@contoso.example");
        var accepted = Bodies.Error();
        var envelope = Bodies.Read(TelemetryCategory.Errors, "client", unknownField, optedOut, accepted, Bodies.Error().With("shoeSize", 44));

        var decision = BatchDecision.Decide(envelope, TelemetryCategory.Errors, Sends);

        Assert.Equal((string)accepted["id"]!, Assert.Single(decision.Accepted).Id.ToString());
        Assert.Equal(1, decision.Suppressed);
        Assert.Equal(SuppressionReasons.UserOptIn, decision.SuppressedReason);
        Assert.Equal([0, 3], decision.Errors.Select(e => e.Index));
        Assert.False(decision.NothingValid);
    }

    [Fact]
    public void A_rejection_by_the_decision_table_is_a_record_error_placed_among_the_schema_errors_by_index()
    {
        var crash = Bodies.Error().With("kind", "crash").With("platform", "windows");
        var invalid = Bodies.Error().With("email", "x@contoso.example");
        var envelope = Bodies.Read(TelemetryCategory.Errors, Bodies.Envelope("meetingsApp", crash, invalid, Bodies.Error().With("platform", "mac")).WithPool("meetingsApp"));

        var decision = BatchDecision.Decide(envelope, TelemetryCategory.Errors, Sends);

        Assert.Equal([(0, RecordErrorCodes.CrashNotCollected), (1, RecordErrorCodes.UnknownField)], decision.Errors.Select(e => (e.Index, e.Code)));
        Assert.Equal((string)crash["id"]!, decision.Errors[0].Id);
        Assert.Single(decision.Accepted);
    }

    [Fact]
    public void The_first_suppression_reason_names_the_request_when_several_apply()
    {
        var envelope = Bodies.Read(TelemetryCategory.Errors, Bodies.Envelope("meetingsApp", Bodies.Error(), Bodies.Error()).WithPool("meetingsApp"));

        var decision = BatchDecision.Decide(envelope, TelemetryCategory.Errors, new PolicySettings(DisableAutomaticSendTracing: true, MeetingUxEnableTelemetry: false));

        Assert.Equal(2, decision.Suppressed);
        Assert.Equal(SuppressionReasons.MeetingUxEnableTelemetry, decision.SuppressedReason);
        Assert.Empty(decision.Accepted);
    }

    [Fact]
    public void A_request_of_invalid_records_only_is_nothing_valid_but_one_of_suppressed_records_is_not()
    {
        var invalid = Bodies.Read(TelemetryCategory.Usage, "client", Bodies.Usage().With("shoeSize", 44));
        var suppressed = Bodies.Read(TelemetryCategory.Usage, "client", Bodies.Usage());

        Assert.True(BatchDecision.Decide(invalid, TelemetryCategory.Usage, Sends).NothingValid);
        Assert.False(BatchDecision.Decide(suppressed, TelemetryCategory.Usage, new PolicySettings(true, false)).NothingValid);
    }

    [Theory]
    [InlineData(TelemetryCategory.Census)]
    [InlineData(TelemetryCategory.Usage)]
    [InlineData(TelemetryCategory.Errors)]
    public void Every_valid_record_follows_the_decision_table_one_by_one(TelemetryCategory category)
    {
        foreach (var source in new[] { "client", "meetingsApp", "joinLauncher" })
        {
            foreach (var settings in new[] { new PolicySettings(false, false), new PolicySettings(false, true), new PolicySettings(true, false), new PolicySettings(true, true) })
            {
                var records = Enumerable.Range(0, 4).Select(i => (JsonNode)Bodies.Sample(category).With("userOptIn", category == TelemetryCategory.Errors ? i % 2 == 0 : null)).ToArray();
                var envelope = Bodies.Read(category, Bodies.Envelope(source, records).WithPool(source));

                var decision = BatchDecision.Decide(envelope, category, settings);

                var expected = envelope.Valid.Select(r => CollectionPolicy.Decide(envelope.Source, category, settings, r.UserOptIn, r.Kind, r.Platform).Verdict).ToList();
                Assert.Equal(expected.Count(v => v == Verdict.Accept), decision.Accepted.Count);
                Assert.Equal(expected.Count(v => v == Verdict.Suppress), decision.Suppressed);
                Assert.Equal(expected.Count(v => v == Verdict.Reject) + envelope.Errors.Count, decision.Errors.Count);
            }
        }
    }
}
