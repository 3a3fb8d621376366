using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Core.Tests.Support;

namespace Telemetry.Core.Tests.Entities;

public class EntityMapperTests
{
    private static readonly Pseudonymizer Keys = new(new Dictionary<string, byte[]>
    {
        ["2025-01"] = [.. Enumerable.Repeat((byte)7, 32)],
        ["2026-06"] = [.. Enumerable.Repeat((byte)9, 32)],
    }, "2026-06");

    private static readonly DateTimeOffset AcceptedAt = Bodies.Now.AddSeconds(2);

    private static readonly Type[] ODataTypes = [typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(DateTimeOffset), typeof(Guid)];

    // The whole domain path a record takes: validation, queue message, mapping.
    private static IReadOnlyList<TelemetryRow> Store(TelemetryCategory category, string source, params JsonObject[] records)
    {
        var result = Bodies.Read(category, Bodies.Envelope(source, records).WithPool(source));
        Assert.Empty(result.Errors);
        var messages = QueueBatcher.CreateMessages(category, "contoso", result.Source, result.PoolId, result.Valid, AcceptedAt);
        return [.. messages.SelectMany(m => EntityMapper.Map(TelemetryMessage.Parse(m), Keys))];
    }

    private static TelemetryRow StoreOne(TelemetryCategory category, JsonObject record, string source = "client") =>
        Assert.Single(Store(category, source, record));

    [Fact]
    public void A_census_row_is_keyed_by_utc_date_and_shard_and_holds_the_twice_hashed_user_id()
    {
        var id = Guid.NewGuid();
        var row = StoreOne(TelemetryCategory.Census, Bodies.Census(id));

        Assert.Equal("Census", row.Table);
        Assert.Equal($"2026-11-20|{PartitionKeys.Shard(id)}", row.PartitionKey);
        Assert.Equal(id.ToString("D"), row.RowKey);
        Assert.Equal(Keys.Hash("E296D735-4F36-4E18-7C3B-52E1A02A0164"), row.Properties["UserIdHash"]);
        Assert.Equal("2026-06", row.Properties["HashKeyVersion"]);
        Assert.Equal(Guid.Parse("0d6f2c7e-55b4-4a36-9b1e-3f0e1a6c2d90"), row.Properties["DeviceId"]);
        Assert.Equal(3, row.Properties["SignInAttempts"]);
        Assert.Equal("iPhoneSkype", row.Properties["AppName"]);
        Assert.Equal("EN-US", row.Properties["UserLanguage"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero), row.Properties["EventTime"]);
        Assert.Equal(AcceptedAt, row.Properties["AcceptedAt"]);
        Assert.Equal("client", row.Properties["Source"]);
    }

    [Theory]
    [InlineData("client")]
    [InlineData("meetingsApp")]
    public void Census_rows_hold_no_tenant_pool_or_clear_identifier(string source)
    {
        var row = StoreOne(TelemetryCategory.Census, Bodies.Census(), source);

        Assert.Equal(
            ["AcceptedAt", "AppName", "DeviceId", "DeviceModel", "EventTime", "HashKeyVersion", "OsName", "OsVersion",
             "SignInAttempts", "SignInFailures", "Source", "UserIdHash", "UserLanguage"],
            row.Properties.Keys.Order(StringComparer.Ordinal));
        var everything = row.PartitionKey + string.Join("|", row.Properties.Values);
        Assert.DoesNotContain("contoso", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pool01", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("E296D735", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_partition_date_is_the_utc_date_of_the_event()
    {
        var id = Guid.NewGuid();
        var row = StoreOne(TelemetryCategory.Usage, Bodies.Usage(id).With("timestamp", "2026-11-19T23:30:00-02:00"));

        Assert.Equal($"contoso|2026-11-20|{PartitionKeys.Shard(id)}", row.PartitionKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero), row.Properties["EventTime"]);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)row.Properties["EventTime"]!).Offset);
    }

    [Fact]
    public void Shards_are_stable_and_spread_a_day_over_every_partition()
    {
        var ids = Enumerable.Range(0, 400).Select(_ => Guid.NewGuid()).ToList();

        var shards = ids.Select(PartitionKeys.Shard).ToList();

        Assert.Equal(shards, ids.Select(PartitionKeys.Shard));
        Assert.Equal(Enumerable.Range(0, PartitionKeys.ShardCount), shards.Distinct().Order());
        Assert.Equal(5, PartitionKeys.Shard(Guid.Parse("00000000-0000-0000-0000-000000000005")));
        Assert.Equal(0, PartitionKeys.Shard(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")));
    }

    [Fact]
    public void A_usage_row_is_keyed_by_tenant_and_date_and_holds_no_user_identifier()
    {
        var id = Guid.NewGuid();
        var row = StoreOne(TelemetryCategory.Usage, Bodies.Usage(id).With("features", new JsonObject { ["screenShare"] = 2, ["café"] = 1 }));

        Assert.Equal("Usage", row.Table);
        Assert.Equal($"contoso|2026-11-20|{PartitionKeys.Shard(id)}", row.PartitionKey);
        Assert.Equal("contoso", row.Properties["TenantId"]);
        Assert.Equal(12, row.Properties["ImSent"]);
        Assert.Equal(30, row.Properties["CallMinutes"]);
        Assert.Equal("Microsoft.com", row.Properties["FederationPartner"]);
        Assert.Equal("""{"screenShare":2,"café":1}""", row.Properties["Features"]);
        Assert.DoesNotContain(row.Properties.Keys, k => k.Contains("User", StringComparison.Ordinal) || k.Contains("Sip", StringComparison.Ordinal) || k.Contains("Ip", StringComparison.Ordinal));
        Assert.False(row.Properties.ContainsKey("PoolId"));
    }

    [Fact]
    public void Meetings_usage_rows_record_their_pool()
    {
        var row = StoreOne(TelemetryCategory.Usage, Bodies.Usage(), "joinLauncher");

        Assert.Equal("pool01.contoso.com", row.Properties["PoolId"]);
        Assert.Equal("joinLauncher", row.Properties["Source"]);
    }

    [Fact]
    public void An_error_row_stores_identifiers_only_as_versioned_hashes_plus_the_ip_prefix()
    {
        var record = Bodies.Error().With("userId", "  AmosMarble ").With("exception", "System.Exception: boom");
        var row = StoreOne(TelemetryCategory.Errors, record);

        Assert.Equal("ErrorReports", row.Table);
        Assert.Equal(Keys.Hash("amosmarble"), row.Properties["UserIdHash"]);
        Assert.Equal(Keys.Hash("sip:amos.marble@contoso.com"), row.Properties["SipUriHash"]);
        Assert.Equal(Keys.Hash("203.0.113.77"), row.Properties["IpAddressHash"]);
        Assert.Equal("2026-06", row.Properties["HashKeyVersion"]);
        Assert.Equal("203.0.113.0/24", row.Properties["IpPrefix"]);
        Assert.False(row.Properties.ContainsKey("UserId"));
        Assert.False(row.Properties.ContainsKey("SipUri"));
        Assert.False(row.Properties.ContainsKey("IpAddress"));
        var everything = string.Join("|", row.Properties.Values);
        Assert.DoesNotContain("amos", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("203.0.113.77", everything, StringComparison.Ordinal);
        Assert.Equal("System.Exception: boom", row.Properties["Exception"]);
        Assert.Equal("AdDO8hsJqilU93hQHC3OZaPR2saEA==", row.Properties["ConversationThreadId"]);
        Assert.Equal(true, row.Properties["UserOptIn"]);
        Assert.Equal("""{"jitterMs":12.5,"wifi":true,"band":"5GHz"}""", row.Properties["NetworkQuality"]);
    }

    [Fact]
    public void An_error_row_without_identifiers_has_no_hash_version_and_gets_the_default_kind()
    {
        var record = Bodies.Error().Without("userId").Without("sipUri").Without("ipAddress").Without("kind");

        var row = StoreOne(TelemetryCategory.Errors, record);

        Assert.DoesNotContain(row.Properties.Keys, k => k.EndsWith("Hash", StringComparison.Ordinal) || k == "HashKeyVersion" || k == "IpPrefix");
        Assert.Equal("error", row.Properties["Kind"]);
    }

    [Fact]
    public void Meetings_error_rows_record_the_pool_and_no_opt_in()
    {
        var row = StoreOne(TelemetryCategory.Errors, Bodies.Error().With("platform", "mac"), "meetingsApp");

        Assert.Equal("pool01.contoso.com", row.Properties["PoolId"]);
        Assert.False(row.Properties.ContainsKey("UserOptIn"));
    }

    [Theory]
    [InlineData(TelemetryCategory.Census)]
    [InlineData(TelemetryCategory.Usage)]
    [InlineData(TelemetryCategory.Errors)]
    public void Every_property_has_a_standard_odata_type_and_fits_table_storage(TelemetryCategory category)
    {
        var record = Bodies.Sample(category);
        if (category == TelemetryCategory.Errors)
        {
            record.With("exception", new string('ж', 8 * 1024)).With("errorMessage", new string('x', 8 * 1024))
                .With("deviceConfiguration", new JsonObject(Enumerable.Range(0, 25).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)new string('y', 256)))));
        }

        var row = StoreOne(category, record);

        Assert.All(row.Properties.Values, v => Assert.Contains(v!.GetType(), ODataTypes));
        Assert.All(row.Properties.Values.OfType<string>(), s => Assert.InRange(s.Length, 0, EntityMapper.MaxStringPropertyLength));
        Assert.All(row.Properties.Keys, k => Assert.True(char.IsAsciiLetterUpper(k[0]), k));
    }

    [Fact]
    public void Rows_of_a_split_batch_come_back_in_request_order()
    {
        var ids = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();

        var rows = Store(TelemetryCategory.Usage, "client", [.. ids.Select(id => Bodies.Usage(id))]);

        Assert.Equal(ids.Select(id => id.ToString("D")), rows.Select(r => r.RowKey));
    }

    [Theory]
    [InlineData("""{"id":"6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11","timestamp":"2026-11-20T10:15:00Z","appName":"Lync","email":"a@b.c"}""")]
    [InlineData("""{"timestamp":"2026-11-20T10:15:00Z","appName":"Lync"}""")]
    [InlineData("""{"id":"6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11","appName":"Lync"}""")]
    [InlineData("""{"id":"6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11","timestamp":"soon","appName":"Lync"}""")]
    public void A_message_record_outside_the_schema_is_refused_rather_than_stored(string record)
    {
        var message = TelemetryMessage.Parse($$"""{"v":1,"category":"usage","tenantId":"contoso","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[{{record}}]}""");

        Assert.Throws<FormatException>(() => EntityMapper.Map(message, Keys));
    }

    [Fact]
    public void Mapping_the_same_message_twice_gives_the_same_rows_so_redelivery_is_harmless()
    {
        var result = Bodies.Read(TelemetryCategory.Errors, "client", Bodies.Error(), Bodies.Error());
        var text = Assert.Single(QueueBatcher.CreateMessages(TelemetryCategory.Errors, "contoso", result.Source, null, result.Valid, AcceptedAt));

        var first = EntityMapper.Map(TelemetryMessage.Parse(text), Keys);
        var second = EntityMapper.Map(TelemetryMessage.Parse(text), Keys);

        Assert.Equal(first.Select(Describe), second.Select(Describe));
    }

    private static string Describe(TelemetryRow row) =>
        $"{row.Table}/{row.PartitionKey}/{row.RowKey}:" + JsonSerializer.Serialize(row.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
}
