using System.Text.RegularExpressions;

namespace Telemetry.Core.Tests.Policy;

public partial class TelemetryNamesTests
{
    public static TheoryData<TelemetryCategory> Categories => new(TelemetryCategories.All);

    [Theory]
    [MemberData(nameof(Categories))]
    public void Each_category_has_a_queue_and_a_table_that_azure_storage_accepts_even_with_a_poison_suffix(TelemetryCategory category)
    {
        var queue = TelemetryCategories.QueueName(category);

        Assert.Matches(QueueName(), queue + "-poison");
        Assert.InRange((queue + "-poison").Length, 3, 63);
        Assert.Matches(TableName(), TelemetryCategories.TableName(category));
    }

    [Fact]
    public void No_two_categories_share_a_queue_a_table_or_a_route()
    {
        Assert.Equal(TelemetryCategories.All.Count, TelemetryCategories.All.Select(TelemetryCategories.QueueName).Distinct().Count());
        Assert.Equal(TelemetryCategories.All.Count, TelemetryCategories.All.Select(TelemetryCategories.TableName).Distinct().Count());
        Assert.Equal(TelemetryCategories.All.Count, TelemetryCategories.All.Select(TelemetryCategories.RouteSegment).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void A_route_segment_parses_back_to_its_category(TelemetryCategory category)
    {
        Assert.True(TelemetryCategories.TryParse(TelemetryCategories.RouteSegment(category), out var parsed));
        Assert.Equal(category, parsed);
    }

    [Fact]
    public void The_queue_constants_are_the_queues_of_their_categories()
    {
        Assert.Equal(
            [TelemetryCategories.CensusQueue, TelemetryCategories.UsageQueue, TelemetryCategories.ErrorsQueue],
            new[] { TelemetryCategory.Census, TelemetryCategory.Usage, TelemetryCategory.Errors }.Select(TelemetryCategories.QueueName));
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
    [InlineData("Census")]
    public void Unknown_or_miscased_names_do_not_parse(string? wire)
    {
        Assert.False(TelemetrySources.TryParse(wire, out _));
        Assert.False(TelemetryCategories.TryParse(wire, out _));
    }

    // Azure Storage: queues are lower-case letters, digits and single dashes; tables letters and digits, starting with a letter.
    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$")]
    private static partial Regex QueueName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
