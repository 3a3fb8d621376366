using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Ingestion;

public class RecordValidationTests
{
    [Theory]
    [InlineData(TelemetryCategory.Census)]
    [InlineData(TelemetryCategory.Usage)]
    [InlineData(TelemetryCategory.Errors)]
    public void The_sample_record_of_each_category_is_valid_and_kept_with_exactly_its_fields(TelemetryCategory category)
    {
        var record = Bodies.Sample(category);

        var valid = Bodies.SingleValid(category, record);

        using var kept = JsonDocument.Parse(valid.Json);
        Assert.Equal(
            record.Select(p => p.Key).Order(StringComparer.Ordinal),
            kept.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Guid.Parse(record["id"]!.GetValue<string>()), valid.Id);
        Assert.Equal(DateTimeOffset.Parse(Bodies.SampleTimestamp, System.Globalization.CultureInfo.InvariantCulture), valid.Timestamp);
    }

    [Fact]
    public void Kept_json_is_compact_with_canonical_guids_and_text_in_any_script_intact()
    {
        var id = Guid.NewGuid();
        const string AppName = "Skype für Business ✓ 😀 <tab>\t\"quoted\"";
        var record = Bodies.Usage(id).With("id", id.ToString("D").ToUpperInvariant()).With("appName", AppName);
        var json = Bodies.Envelope("client", record).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var valid = Assert.Single(EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now).Valid);

        var text = Encoding.UTF8.GetString(valid.Json.Span);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\t", text, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", text, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{id:D}\"", text, StringComparison.Ordinal);
        Assert.Contains("für Business ✓", text, StringComparison.Ordinal);
        using var kept = JsonDocument.Parse(valid.Json);
        Assert.Equal(AppName, kept.RootElement.GetProperty("appName").GetString());
    }

    [Fact]
    public void Non_ascii_text_keeps_its_utf8_size_so_a_16_KiB_exception_in_any_script_is_kept()
    {
        var exception = new string('ж', 8 * 1024); // 16 KiB of UTF-8

        var valid = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("exception", exception));

        Assert.InRange(valid.Json.Length, 16 * 1024, 17 * 1024);
    }

    public static TheoryData<TelemetryCategory, string> RequiredFields => new()
    {
        { TelemetryCategory.Census, "id" }, { TelemetryCategory.Census, "timestamp" }, { TelemetryCategory.Census, "appName" },
        { TelemetryCategory.Census, "deviceModel" }, { TelemetryCategory.Census, "osName" }, { TelemetryCategory.Census, "osVersion" },
        { TelemetryCategory.Census, "userLanguage" }, { TelemetryCategory.Census, "userId" }, { TelemetryCategory.Census, "deviceId" },
        { TelemetryCategory.Usage, "id" }, { TelemetryCategory.Usage, "timestamp" }, { TelemetryCategory.Usage, "appName" },
        { TelemetryCategory.Errors, "id" }, { TelemetryCategory.Errors, "timestamp" }, { TelemetryCategory.Errors, "appName" },
        { TelemetryCategory.Errors, "errorCode" }, { TelemetryCategory.Errors, "userOptIn" },
    };

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_missing_required_field_rejects_the_record_naming_the_field(TelemetryCategory category, string field)
    {
        var error = Bodies.SingleError(category, Bodies.Sample(category).Without(field));

        Assert.Equal("missing_field", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_null_required_field_counts_as_missing(TelemetryCategory category, string field)
    {
        var error = Bodies.SingleError(category, Bodies.Sample(category).With(field, null));

        Assert.Equal("missing_field", error.Code);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(TelemetryCategory.Census, "tenantId")]
    [InlineData(TelemetryCategory.Census, "email")]
    [InlineData(TelemetryCategory.Census, "AppName")]
    [InlineData(TelemetryCategory.Usage, "userId")]
    [InlineData(TelemetryCategory.Usage, "sipUri")]
    [InlineData(TelemetryCategory.Errors, "password")]
    [InlineData(TelemetryCategory.Errors, "deviceId")]
    public void A_field_the_category_does_not_define_rejects_the_record(TelemetryCategory category, string field)
    {
        var secret = "amos.marble@contoso.com";

        var error = Bodies.SingleError(category, Bodies.Sample(category).With(field, secret));

        Assert.Equal("unknown_field", error.Code);
        Assert.Equal(field, error.Field);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_sent_twice_rejects_the_record()
    {
        var id = Guid.NewGuid();
        var json = $$"""{"source":"client","records":[{"id":"{{id}}","timestamp":"{{Bodies.SampleTimestamp}}","appName":"a","appName":"b"}]}""";

        var result = EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid_value", "appName", id.ToString("D")), (error.Code, error.Field, error.Id));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public void A_record_that_is_not_an_object_is_invalid(string record)
    {
        var json = $$"""{"source":"client","records":[{{record}}]}""";

        var result = EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid_value", (string?)null, (string?)null), (error.Code, error.Field, error.Id));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("{6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11}")]
    [InlineData("6f1c0a4e8d7b4c559a432d7d8c1f0b11")]
    public void An_id_that_is_not_a_guid_is_invalid_and_not_echoed(string id)
    {
        var error = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("id", id));

        Assert.Equal(("invalid_value", "id", (string?)null), (error.Code, error.Field, error.Id));
    }

    [Fact]
    public void An_id_that_is_a_number_is_invalid()
    {
        var error = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("id", 7));

        Assert.Equal(("invalid_value", "id"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("amos.marble@contoso.com")]
    [InlineData("sip:amos.marble@contoso.com")]
    [InlineData("amosmarble")]
    [InlineData("Amos Marble")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    public void A_census_user_id_that_is_not_a_client_hash_is_a_cleartext_identifier(string userId)
    {
        var error = Bodies.SingleError(TelemetryCategory.Census, Bodies.Census().With("userId", userId));

        Assert.Equal(("cleartext_identifier", "userId"), (error.Code, error.Field));
        Assert.DoesNotContain(userId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("E296D735-4F36-4E18-7C3B-52E1A02A0164")]
    [InlineData("e296d735-4f36-4e18-7c3b-52e1a02a0164")]
    [InlineData("0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef")]
    public void A_census_user_id_that_is_guid_shaped_or_64_hex_is_accepted(string userId)
    {
        Bodies.SingleValid(TelemetryCategory.Census, Bodies.Census().With("userId", userId));
    }

    [Fact]
    public void A_census_device_id_must_be_a_guid()
    {
        var error = Bodies.SingleError(TelemetryCategory.Census, Bodies.Census().With("deviceId", "iPhone of Amos"));

        Assert.Equal(("invalid_value", "deviceId"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData(TelemetryCategory.Usage, "appName", 256)]
    [InlineData(TelemetryCategory.Usage, "federationPartner", 253)]
    [InlineData(TelemetryCategory.Census, "osVersion", 256)]
    [InlineData(TelemetryCategory.Errors, "conversationState", 256)]
    [InlineData(TelemetryCategory.Errors, "sipUri", 256)]
    public void Strings_are_accepted_up_to_their_bound_and_too_large_beyond(TelemetryCategory category, string field, int bound)
    {
        Bodies.SingleValid(category, Bodies.Sample(category).With(field, new string('é', bound)));
        var error = Bodies.SingleError(category, Bodies.Sample(category).With(field, new string('é', bound + 1)));

        Assert.Equal(("too_large", field), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("errorMessage", 8 * 1024)]
    [InlineData("exception", 16 * 1024)]
    public void Error_text_fields_are_bounded_in_utf8_bytes(string field, int bytes)
    {
        Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With(field, new string('x', bytes)));
        Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With(field, new string('é', bytes / 2)));
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With(field, new string('é', (bytes / 2) + 1)));

        Assert.Equal(("too_large", field), (error.Code, error.Field));
    }

    [Fact]
    public void A_required_string_must_not_be_empty()
    {
        var error = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("appName", ""));

        Assert.Equal(("invalid_value", "appName"), (error.Code, error.Field));
    }

    [Fact]
    public void A_string_field_holding_a_number_is_invalid()
    {
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With("errorCode", 5));

        Assert.Equal(("invalid_value", "errorCode"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"3\"")]
    [InlineData("2147483648")]
    [InlineData("true")]
    [InlineData("1e400")]
    public void Counts_must_be_integers_from_zero_to_int_max(string value)
    {
        var record = Bodies.Usage().With("imSent", JsonNode.Parse(value));

        var error = Bodies.SingleError(TelemetryCategory.Usage, record);

        Assert.Equal(("invalid_value", "imSent"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public void Counts_at_either_end_of_the_range_are_accepted(int value)
    {
        Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("stabilityIssues", value).With("signInAttempts", null).Without("signInAttempts"));
        Bodies.SingleValid(TelemetryCategory.Census, Bodies.Census().With("signInFailures", value));
    }

    [Theory]
    [InlineData("2026-11-20")]
    [InlineData("2026-11-20T10:15:00")]
    [InlineData("2026-11-20 10:15:00Z")]
    [InlineData("20 Nov 2026 10:15:00 GMT")]
    [InlineData("2026-13-20T10:15:00Z")]
    [InlineData("2026-11-20T10:15:00+0100")]
    public void A_timestamp_that_is_not_rfc3339_with_an_offset_is_invalid(string timestamp)
    {
        var error = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", timestamp));

        Assert.Equal(("invalid_value", "timestamp"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("2026-11-20T10:15:00.1234567Z")]
    [InlineData("2026-11-20T12:15:00+02:00")]
    [InlineData("2026-11-20t10:15:00z")]
    public void Rfc3339_timestamps_with_fractions_offsets_or_lower_case_separators_are_accepted(string timestamp)
    {
        var valid = Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", timestamp));

        Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0, DateTimeKind.Utc), valid.Timestamp.UtcDateTime.AddTicks(-(valid.Timestamp.UtcTicks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Timestamps_are_accepted_from_seven_days_back_to_one_hour_ahead()
    {
        string At(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);
        var oldest = Bodies.Now - TimeSpan.FromDays(7);
        var newest = Bodies.Now + TimeSpan.FromHours(1);

        Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", At(oldest)));
        Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", At(newest)));
        var tooOld = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", At(oldest.AddSeconds(-1))));
        var tooNew = Bodies.SingleError(TelemetryCategory.Usage, Bodies.Usage().With("timestamp", At(newest.AddSeconds(1))));

        Assert.Equal(("timestamp_out_of_range", "timestamp"), (tooOld.Code, tooOld.Field));
        Assert.Equal(("timestamp_out_of_range", "timestamp"), (tooNew.Code, tooNew.Field));
    }

    [Fact]
    public void Client_error_reports_carry_the_users_opt_in()
    {
        var optedIn = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("userOptIn", true));
        var optedOut = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("userOptIn", false));

        Assert.True(optedIn.UserOptIn);
        Assert.False(optedOut.UserOptIn);
    }

    [Fact]
    public void A_client_opt_in_that_is_not_a_boolean_is_invalid()
    {
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With("userOptIn", "yes"));

        Assert.Equal(("invalid_value", "userOptIn"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("meetingsApp")]
    [InlineData("joinLauncher")]
    public void Meetings_error_reports_need_no_opt_in_and_any_they_send_is_ignored_and_dropped(string source)
    {
        var without = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().Without("userOptIn"), source);
        var withJunk = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("userOptIn", "yes"), source);

        Assert.False(without.UserOptIn);
        Assert.False(withJunk.UserOptIn);
        using var kept = JsonDocument.Parse(withJunk.Json);
        Assert.False(kept.RootElement.TryGetProperty("userOptIn", out _));
    }

    [Fact]
    public void Error_kind_defaults_to_error_and_platform_is_reported()
    {
        var defaulted = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().Without("kind").Without("platform"));
        var crash = Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("kind", "crash").With("platform", "mac"));

        Assert.Equal(("error", (string?)null), (defaulted.Kind, defaulted.Platform));
        Assert.Equal(("crash", "mac"), (crash.Kind, crash.Platform));
    }

    [Theory]
    [InlineData("kind", "Crash")]
    [InlineData("kind", "hang")]
    [InlineData("platform", "Windows")]
    [InlineData("platform", "beos")]
    [InlineData("messageDirection", "incoming")]
    public void Enumerated_fields_accept_only_their_listed_values(string field, string value)
    {
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With(field, value));

        Assert.Equal(("invalid_value", field), (error.Code, error.Field));
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amos-pc")]
    [InlineData("10.1")]
    [InlineData("300.1.1.1")]
    [InlineData("")]
    public void An_ip_address_that_is_not_one_is_invalid(string ip)
    {
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With("ipAddress", ip));

        Assert.Equal(("invalid_value", "ipAddress"), (error.Code, error.Field));
    }

    [Fact]
    public void Flat_objects_hold_up_to_one_hundred_entries()
    {
        static JsonObject Entries(int n) => new(Enumerable.Range(0, n).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)JsonValue.Create(i))));

        Bodies.SingleValid(TelemetryCategory.Errors, Bodies.Error().With("deviceConfiguration", Entries(100)));
        Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("features", Entries(100)));
        var error = Bodies.SingleError(TelemetryCategory.Errors, Bodies.Error().With("deviceConfiguration", Entries(101)));

        Assert.Equal(("too_large", "deviceConfiguration"), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("networkQuality", "{\"nested\":{\"a\":1}}")]
    [InlineData("networkQuality", "{\"list\":[1,2]}")]
    [InlineData("networkQuality", "{\"nothing\":null}")]
    [InlineData("networkQuality", "[1,2]")]
    [InlineData("networkQuality", "\"fast\"")]
    [InlineData("features", "{\"screenShare\":\"often\"}")]
    [InlineData("features", "{\"screenShare\":-1}")]
    [InlineData("features", "{\"screenShare\":1.5}")]
    [InlineData("features", "{\"\":1}")]
    public void Flat_objects_refuse_nesting_and_values_of_the_wrong_kind(string field, string value)
    {
        var category = field == "features" ? TelemetryCategory.Usage : TelemetryCategory.Errors;

        var error = Bodies.SingleError(category, Bodies.Sample(category).With(field, JsonNode.Parse(value)));

        Assert.Equal(("invalid_value", field), (error.Code, error.Field));
    }

    [Fact]
    public void A_flat_object_with_a_repeated_entry_is_invalid()
    {
        var id = Guid.NewGuid();
        var json = $$$"""{"source":"client","records":[{"id":"{{{id}}}","timestamp":"{{{Bodies.SampleTimestamp}}}","appName":"a","features":{"x":1,"x":2}}]}""";

        var error = Assert.Single(EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now).Errors);

        Assert.Equal(("invalid_value", "features"), (error.Code, error.Field));
    }

    [Fact]
    public void A_record_over_32_KiB_as_sent_is_too_large()
    {
        var padded = Bodies.Error().With("exception", new string('x', 16 * 1024)).With("errorMessage", new string('x', 8 * 1024));
        padded["deviceConfiguration"] = new JsonObject(Enumerable.Range(0, 40).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)new string('y', 256))));

        var error = Bodies.SingleError(TelemetryCategory.Errors, padded);

        Assert.Equal("too_large", error.Code);
        Assert.Null(error.Field);
    }

    [Fact]
    public void A_record_whose_escaped_form_exceeds_32_KiB_is_too_large_so_any_kept_record_fits_a_queue_message()
    {
        // 4096 emoji are 16 KiB as sent but 48 KiB once escaped as surrogate pairs (\\uD83D\\uDE00).
        var emoji = string.Concat(Enumerable.Repeat("😀", 4096));
        var json = $$"""{"source":"client","records":[{"id":"{{Guid.NewGuid()}}","timestamp":"{{Bodies.SampleTimestamp}}","appName":"a","errorCode":"e","userOptIn":true,"exception":"{{emoji}}"}]}""";

        var error = Assert.Single(EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Errors, Bodies.Now).Errors);

        Assert.Equal("too_large", error.Code);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_invalid_not_a_crash()
    {
        var json = $$"""{"source":"client","records":[{"id":"{{Guid.NewGuid()}}","timestamp":"{{Bodies.SampleTimestamp}}","appName":"a\ud800b"}]}""";

        var error = Assert.Single(EnvelopeReader.Read(Bodies.Utf8(json), TelemetryCategory.Usage, Bodies.Now).Errors);

        Assert.Equal(("invalid_value", "appName"), (error.Code, error.Field));
    }

    [Fact]
    public void Optional_fields_sent_as_null_are_dropped()
    {
        var valid = Bodies.SingleValid(TelemetryCategory.Usage, Bodies.Usage().With("federationPartner", null));

        using var kept = JsonDocument.Parse(valid.Json);
        Assert.False(kept.RootElement.TryGetProperty("federationPartner", out _));
    }

    [Fact]
    public void No_error_message_ever_contains_a_value_that_was_sent()
    {
        const string Secret = "amos.marble@contoso.com";
        JsonObject[] records =
        [
            Bodies.Census().With("userId", Secret),
            Bodies.Census().With("deviceId", Secret),
            Bodies.Census().With("timestamp", Secret),
            Bodies.Census().With("appName", Secret + new string('x', 300)),
            Bodies.Census().With("signInAttempts", Secret),
            Bodies.Census().With("id", Secret),
        ];

        var result = Bodies.Read(TelemetryCategory.Census, "client", records);

        Assert.Equal(records.Length, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.DoesNotContain("amos", e.Message + e.Field + e.Id, StringComparison.OrdinalIgnoreCase));
    }
}
