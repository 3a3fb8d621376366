namespace Telemetry.Core.Tests.Queueing;

public class TelemetryMessageTests
{
    private const string Record = """{"id":"6f1c0a4e-8d7b-4c55-9a43-2d7d8c1f0b11","timestamp":"2026-11-20T10:15:00Z","appName":"Lync"}""";

    [Fact]
    public void A_well_formed_message_parses()
    {
        var message = TelemetryMessage.Parse($$"""{"v":1,"category":"errors","tenantId":"contoso","source":"joinLauncher","poolId":"p1","acceptedAt":"2026-11-20T12:00:01Z","records":[{{Record}}]}""");

        Assert.Equal((TelemetryCategory.Errors, "contoso", TelemetrySource.JoinLauncher, "p1"), (message.Category, message.TenantId, message.Source, message.PoolId));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 1, TimeSpan.Zero), message.AcceptedAt);
        Assert.Equal("Lync", Assert.Single(message.Records).GetProperty("appName").GetString());
    }

    [Fact]
    public void A_census_message_that_claims_a_tenant_or_pool_still_yields_neither()
    {
        var message = TelemetryMessage.Parse($$"""{"v":1,"category":"census","tenantId":"contoso","source":"client","poolId":"p1","acceptedAt":"2026-11-20T12:00:01Z","records":[{{Record}}]}""");

        Assert.Null(message.TenantId);
        Assert.Null(message.PoolId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"category":"usage","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":2,"category":"usage","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":"1","category":"usage","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":1,"category":"audit","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":1,"category":"usage","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":1,"category":"usage","tenantId":"bad tenant","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":1,"category":"usage","tenantId":"t","source":"watson","acceptedAt":"2026-11-20T12:00:01Z","records":[]}""")]
    [InlineData("""{"v":1,"category":"usage","tenantId":"t","source":"client","acceptedAt":"yesterday","records":[]}""")]
    [InlineData("""{"v":1,"category":"usage","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":{}}""")]
    [InlineData("""{"v":1,"category":"usage","tenantId":"t","source":"client","acceptedAt":"2026-11-20T12:00:01Z","records":[1]}""")]
    public void A_malformed_message_is_a_format_exception(string text)
    {
        Assert.Throws<FormatException>(() => TelemetryMessage.Parse(text));
    }
}
