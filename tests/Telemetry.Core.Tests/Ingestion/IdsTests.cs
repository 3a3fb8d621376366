namespace Telemetry.Core.Tests.Ingestion;

/// <summary>Tenant and pool ids: one pattern for routes, envelopes, queue messages and stored entities.</summary>
public class IdsTests
{
    [Theory]
    [InlineData("contoso")]
    [InlineData("pool01.contoso.com")]
    [InlineData("A_b-c.9")]
    [InlineData("0")]
    public void Letters_digits_dots_underscores_and_dashes_after_a_letter_or_digit_are_ids(string id)
    {
        Assert.True(Ids.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-contoso")]
    [InlineData(".contoso")]
    [InlineData("has space")]
    [InlineData("has|bar")]
    [InlineData("has'quote")]
    [InlineData("has/slash")]
    [InlineData("contoso\n")]
    [InlineData("ünïcode")]
    public void Anything_else_is_no_id(string? id)
    {
        Assert.False(Ids.IsValid(id));
    }

    [Fact]
    public void An_id_holds_at_most_128_characters()
    {
        Assert.True(Ids.IsValid(new string('a', 128)));
        Assert.False(Ids.IsValid(new string('a', 129)));
    }
}
