using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Queueing;

public class QueueBatcherTests
{
    private static readonly DateTimeOffset AcceptedAt = Bodies.Now.AddSeconds(1);

    private static IReadOnlyList<ValidRecord> Valid(TelemetryCategory category, int count, Func<JsonObject>? make = null, string source = "client")
    {
        var result = Bodies.Read(category, Bodies.Envelope(source, [.. Enumerable.Range(0, count).Select(_ => (JsonNode)(make ?? (() => Bodies.Sample(category)))())]).WithPool(source));
        Assert.Null(result.Error);
        Assert.Empty(result.Errors);
        return result.Valid;
    }

    private static int Utf8Size(string text) => Encoding.UTF8.GetByteCount(text);

    [Fact]
    public void A_usage_message_round_trips_every_member_and_record()
    {
        var records = Valid(TelemetryCategory.Usage, 3, source: "meetingsApp");

        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.MeetingsApp, "pool01.contoso.com", records, AcceptedAt));
        var message = TelemetryMessage.Parse(text);

        Assert.Equal(1, message.Version);
        Assert.Equal(TelemetryCategory.Usage, message.Category);
        Assert.Equal("contoso", message.TenantId);
        Assert.Equal(TelemetrySource.MeetingsApp, message.Source);
        Assert.Equal("pool01.contoso.com", message.PoolId);
        Assert.Equal(AcceptedAt, message.AcceptedAt);
        Assert.Equal(records.Select(r => Encoding.UTF8.GetString(r.Json.Span)), message.Records.Select(r => r.GetRawText()));
    }

    [Fact]
    public void Messages_are_compact_json_with_a_version_field()
    {
        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, Valid(TelemetryCategory.Usage, 2), AcceptedAt));

        Assert.StartsWith("{\"v\":1,", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var rewritten = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(rewritten.Length, text.Length);
    }

    [Theory]
    [InlineData("client")]
    [InlineData("meetingsApp")]
    public void Census_messages_carry_neither_tenant_nor_pool(string source)
    {
        var records = Valid(TelemetryCategory.Census, 2, source: source);
        TelemetrySources.TryParse(source, out var parsedSource);

        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Census, "contoso", parsedSource, "pool01.contoso.com", records, AcceptedAt));
        var message = TelemetryMessage.Parse(text);

        Assert.DoesNotContain("contoso", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tenantId", text, StringComparison.Ordinal);
        Assert.DoesNotContain("poolId", text, StringComparison.Ordinal);
        Assert.Null(message.TenantId);
        Assert.Null(message.PoolId);
        Assert.Equal(parsedSource, message.Source);
    }

    [Fact]
    public void Client_messages_carry_no_pool_even_if_one_is_passed()
    {
        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Errors, "contoso", TelemetrySource.Client, "pool01", Valid(TelemetryCategory.Errors, 1), AcceptedAt));

        Assert.Null(TelemetryMessage.Parse(text).PoolId);
    }

    [Fact]
    public void Message_text_holds_only_characters_an_xml_queue_body_can_carry()
    {
        var json = $$"""{"source":"client","records":[{"id":"{{Guid.NewGuid()}}","timestamp":"{{Bodies.SampleTimestamp}}","appName":"a\u0001b\uFFFEc\uFFFFd😀e<&>","errorCode":"x","userOptIn":true}]}""";
        var records = EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Errors, Bodies.Now).Valid;

        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Errors, "contoso", TelemetrySource.Client, null, records, AcceptedAt));

        // XML 1.0 characters: tab, line feed, carriage return, U+0020..U+D7FF, U+E000..U+FFFD (and escaped pairs above).
        Assert.All(text, c => Assert.True(c is '\t' or '\n' or '\r' or (>= ' ' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'), $"U+{(int)c:X4}"));
        using var document = JsonDocument.Parse(text);
        Assert.Equal("a\u0001b\uFFFEc\uFFFFd😀e<&>", document.RootElement.GetProperty("records")[0].GetProperty("appName").GetString());
    }

    [Fact]
    public void No_accepted_records_make_no_messages()
    {
        Assert.Empty(QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, [], AcceptedAt));
    }

    [Fact]
    public void A_batch_that_exactly_fills_the_limit_stays_one_message_and_one_byte_less_splits_it()
    {
        var records = Valid(TelemetryCategory.Usage, 10);
        var whole = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, records, AcceptedAt));
        var exact = Utf8Size(whole);

        var fits = QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, records, AcceptedAt, exact);
        var split = QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, records, AcceptedAt, exact - 1);

        Assert.Equal(whole, Assert.Single(fits));
        Assert.Equal(2, split.Count);
        Assert.Equal(9, TelemetryMessage.Parse(split[0]).Records.Count);
        Assert.Single(TelemetryMessage.Parse(split[1]).Records);
    }

    [Theory]
    [InlineData(TelemetryCategory.Usage, 2_000)]
    [InlineData(TelemetryCategory.Errors, 3_000)]
    [InlineData(TelemetryCategory.Census, 65_536)]
    public void Split_messages_stay_within_the_limit_and_keep_every_record_once_in_order(TelemetryCategory category, int maxBytes)
    {
        var records = Valid(category, 500);

        var messages = QueueBatcher.CreateMessages(category, "contoso", TelemetrySource.Client, null, records, AcceptedAt, maxBytes);

        Assert.All(messages, m => Assert.InRange(Utf8Size(m), 1, maxBytes));
        var ids = messages.SelectMany(m => TelemetryMessage.Parse(m).Records).Select(r => r.GetProperty("id").GetGuid());
        Assert.Equal(records.Select(r => r.Id), ids);
        // Greedy packing: no two neighbours could have been one message.
        for (var i = 1; i < messages.Count; i++)
        {
            var firstOfNext = TelemetryMessage.Parse(messages[i]).Records[0].GetRawText();
            Assert.True(Utf8Size(messages[i - 1]) + Utf8Size(firstOfNext) + 1 > maxBytes);
        }
    }

    [Fact]
    public void A_record_at_the_32_KiB_limit_always_fits_a_default_message_even_beside_others()
    {
        JsonObject Largest() => Bodies.Error()
            .With("exception", new string('ж', 8 * 1024))
            .With("errorMessage", new string('x', 8 * 1024))
            .With("deviceConfiguration", new JsonObject(Enumerable.Range(0, 28).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)new string('y', 256)))));
        var records = Valid(TelemetryCategory.Errors, 5, Largest);
        Assert.All(records, r => Assert.InRange(r.Json.Length, 31 * 1024, IngestionLimits.MaxRecordBytes));

        var messages = QueueBatcher.CreateMessages(TelemetryCategory.Errors, "contoso", TelemetrySource.Client, null, records, AcceptedAt);

        Assert.All(messages, m => Assert.InRange(Utf8Size(m), 1, IngestionLimits.MaxQueueMessageBytes));
        Assert.Equal(5, messages.Sum(m => TelemetryMessage.Parse(m).Records.Count));
    }

    [Fact]
    public void A_limit_too_small_for_a_single_record_is_refused()
    {
        var records = Valid(TelemetryCategory.Usage, 1);

        Assert.Throws<ArgumentException>(() =>
            QueueBatcher.CreateMessages(TelemetryCategory.Usage, "contoso", TelemetrySource.Client, null, records, AcceptedAt, 100));
    }
}
