namespace Telemetry.Core.Tests.Policy;

public class TelemetryNamesTests
{
    [Theory]
    [InlineData(TelemetryCategory.Census, "telemetry-census", "Census", "census")]
    [InlineData(TelemetryCategory.Usage, "telemetry-usage", "Usage", "usage")]
    [InlineData(TelemetryCategory.Errors, "telemetry-errors", "ErrorReports", "errors")]
    public void Each_category_has_its_queue_table_and_route_names(TelemetryCategory category, string queue, string table, string route)
    {
        Assert.Equal(queue, TelemetryCategories.QueueName(category));
        Assert.Equal(table, TelemetryCategories.TableName(category));
        Assert.Equal(route, TelemetryCategories.RouteSegment(category));
        Assert.True(TelemetryCategories.TryParse(route, out var parsed));
        Assert.Equal(category, parsed);
    }

    [Fact]
    public void All_lists_every_category_once()
    {
        Assert.Equal(Enum.GetValues<TelemetryCategory>(), TelemetryCategories.All);
    }

    [Theory]
    [InlineData("client", TelemetrySource.Client)]
    [InlineData("meetingsApp", TelemetrySource.MeetingsApp)]
    [InlineData("joinLauncher", TelemetrySource.JoinLauncher)]
    public void Source_wire_names_round_trip(string wire, TelemetrySource source)
    {
        Assert.True(TelemetrySources.TryParse(wire, out var parsed));
        Assert.Equal(source, parsed);
        Assert.Equal(wire, TelemetrySources.ToWire(source));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Client")]
    [InlineData("meetingsapp")]
    [InlineData("watson")]
    public void Unknown_or_miscased_source_names_do_not_parse(string? wire)
    {
        Assert.False(TelemetrySources.TryParse(wire, out _));
    }
}
