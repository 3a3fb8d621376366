using System.Text.Json.Nodes;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Ingestion;

public class EnvelopeReaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"source\":\"client\",")]
    [InlineData("{\"source\":\"client\"} trailing")]
    public void A_body_that_is_not_json_is_invalid_json(string body)
    {
        var result = EnvelopeReader.Read(Bodies.Utf8(body), TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidJson, result.Error?.Code);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_invalid_json()
    {
        byte[] body = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        var result = EnvelopeReader.Read(body, TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidJson, result.Error?.Code);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_invalid_json_not_a_crash()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);

        var result = EnvelopeReader.Read(Bodies.Utf8(body), TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidJson, result.Error?.Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"records\"")]
    [InlineData("{\"source\":\"client\"}")]
    [InlineData("{\"source\":\"client\",\"records\":{}}")]
    [InlineData("{\"source\":\"client\",\"records\":[],\"tenantId\":\"contoso\"}")]
    [InlineData("{\"source\":\"client\",\"source\":\"client\",\"records\":[{}]}")]
    public void A_json_body_that_is_not_an_envelope_is_invalid_envelope(string body)
    {
        var result = EnvelopeReader.Read(Bodies.Utf8(body), TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidEnvelope, result.Error?.Code);
    }

    [Theory]
    [InlineData("{\"records\":[{}]}")]
    [InlineData("{\"source\":\"watson\",\"records\":[{}]}")]
    [InlineData("{\"source\":\"Client\",\"records\":[{}]}")]
    [InlineData("{\"source\":7,\"records\":[{}]}")]
    public void A_missing_or_unknown_source_is_invalid_source(string body)
    {
        var result = EnvelopeReader.Read(Bodies.Utf8(body), TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidSource, result.Error?.Code);
    }

    [Theory]
    [InlineData("meetingsApp")]
    [InlineData("joinLauncher")]
    public void Meetings_sources_without_a_pool_are_missing_pool_id(string source)
    {
        var result = Bodies.Read(TelemetryCategory.Usage, source, Bodies.Usage());

        Assert.Equal(EnvelopeErrorCodes.MissingPoolId, result.Error?.Code);
    }

    [Theory]
    [InlineData("-pool")]
    [InlineData("pool with spaces")]
    [InlineData("pool|tenant")]
    [InlineData("")]
    public void A_pool_id_outside_the_id_pattern_is_invalid_pool_id(string poolId)
    {
        var body = Bodies.Envelope("meetingsApp", Bodies.Usage()).With("poolId", poolId);

        var result = Bodies.Read(TelemetryCategory.Usage, body);

        Assert.Equal(EnvelopeErrorCodes.InvalidPoolId, result.Error?.Code);
    }

    [Fact]
    public void A_pool_id_of_128_characters_is_accepted_and_129_is_not()
    {
        var longest = Bodies.Read(TelemetryCategory.Usage, Bodies.Envelope("joinLauncher", Bodies.Usage()).With("poolId", new string('p', 128)));
        var tooLong = Bodies.Read(TelemetryCategory.Usage, Bodies.Envelope("joinLauncher", Bodies.Usage()).With("poolId", new string('p', 129)));

        Assert.Null(longest.Error);
        Assert.Equal(new string('p', 128), longest.PoolId);
        Assert.Equal(EnvelopeErrorCodes.InvalidPoolId, tooLong.Error?.Code);
    }

    [Fact]
    public void A_client_pool_id_is_ignored_whatever_it_holds()
    {
        var body = Bodies.Envelope("client", Bodies.Usage()).With("poolId", 12);

        var result = Bodies.Read(TelemetryCategory.Usage, body);

        Assert.Null(result.Error);
        Assert.Equal(TelemetrySource.Client, result.Source);
        Assert.Null(result.PoolId);
    }

    [Fact]
    public void Meetings_envelopes_report_their_source_and_pool()
    {
        var result = Bodies.Read(TelemetryCategory.Usage, Bodies.Envelope("meetingsApp", Bodies.Usage()).WithPool("meetingsApp"));

        Assert.Null(result.Error);
        Assert.Equal(TelemetrySource.MeetingsApp, result.Source);
        Assert.Equal("pool01.contoso.com", result.PoolId);
    }

    [Fact]
    public void An_empty_records_array_is_no_records()
    {
        var result = Bodies.Read(TelemetryCategory.Usage, Bodies.Envelope("client"));

        Assert.Equal(EnvelopeErrorCodes.NoRecords, result.Error?.Code);
    }

    [Fact]
    public void Five_hundred_records_are_read_and_five_hundred_one_are_too_many()
    {
        var full = Bodies.Read(TelemetryCategory.Usage, "client", [.. Enumerable.Range(0, 500).Select(_ => Bodies.Usage())]);
        var over = Bodies.Read(TelemetryCategory.Usage, "client", [.. Enumerable.Range(0, 501).Select(_ => Bodies.Usage())]);

        Assert.Null(full.Error);
        Assert.Equal(500, full.Valid.Count);
        Assert.Equal(EnvelopeErrorCodes.TooManyRecords, over.Error?.Code);
    }

    [Fact]
    public void Valid_and_invalid_records_are_sorted_with_their_indexes_and_counted()
    {
        var good = Guid.NewGuid();
        var bad = Guid.NewGuid();

        var result = Bodies.Read(TelemetryCategory.Usage, "client",
            Bodies.Usage(), Bodies.Usage(bad).With("email", "amos@contoso.com"), Bodies.Usage(good));

        Assert.Null(result.Error);
        Assert.Equal(3, result.Received);
        Assert.Equal([0, 2], result.Valid.Select(r => r.Index));
        Assert.Equal(good, result.Valid[1].Id);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new RecordError(1, bad.ToString("D"), "unknown_field", "email", error.Message), error);
    }

    [Fact]
    public void Every_record_invalid_still_reads_the_envelope_and_lists_every_error()
    {
        var result = Bodies.Read(TelemetryCategory.Usage, "client", Bodies.Usage().Without("appName"), JsonValue.Create(5)!);

        Assert.Null(result.Error);
        Assert.Empty(result.Valid);
        Assert.Equal(["missing_field", "invalid_value"], result.Errors.Select(e => e.Code));
        Assert.Equal(2, result.Received);
    }

    [Fact]
    public void A_utf8_byte_order_mark_before_the_body_is_tolerated()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Bodies.Utf8(Bodies.Envelope("client", Bodies.Usage()))];

        var result = EnvelopeReader.Read(body, TelemetryCategory.Usage, Bodies.Now);

        Assert.Null(result.Error);
        Assert.Single(result.Valid);
    }

    [Theory]
    [InlineData("""{"source":"client","records":[],"\ud800":1}""")]
    [InlineData("""{"source":"client","\udc00x":1}""")]
    public void An_envelope_member_named_with_a_lone_surrogate_is_invalid_not_a_crash(string body)
    {
        var result = EnvelopeReader.Read(Bodies.Utf8(body), TelemetryCategory.Usage, Bodies.Now);

        Assert.Equal(EnvelopeErrorCodes.InvalidEnvelope, result.Error?.Code);
        Assert.DoesNotContain('\ud800', result.Error!.Message);
        Assert.DoesNotContain('\udc00', result.Error!.Message);
    }

    [Fact]
    public void A_record_field_named_with_a_lone_surrogate_rejects_only_that_record()
    {
        var id = Guid.NewGuid();
        var json = $$"""{"source":"client","records":[{"id":"{{id}}","\ud800":1},{"\udc00":2,"id":"{{id}}"},{{Bodies.Usage().ToJsonString()}}]}""";

        var result = EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now);

        Assert.Single(result.Valid);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(("invalid_value", (string?)null), (e.Code, e.Field)));
    }

    [Fact]
    public void A_long_unknown_field_name_is_cut_without_splitting_a_character()
    {
        var name = new string('a', 63) + "😀" + new string('b', 100);
        var record = Bodies.Usage().With(name, 1);

        var error = Assert.Single(Bodies.Read(TelemetryCategory.Usage, "client", record).Errors);

        Assert.Equal(new string('a', 63) + "…", error.Field);
    }
}
