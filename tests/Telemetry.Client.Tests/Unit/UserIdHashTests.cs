namespace Telemetry.Client.Tests.Unit;

public sealed class UserIdHashTests
{
    [Fact]
    public void TheHashIsSha256OfTheTrimmedLowerCasedIdInLowercaseHex()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", UserIdHash.Compute("  ABC \t"));
    }

    [Fact]
    public void SpellingsOfOneIdThatDifferOnlyInCaseAndSpacesHashAlike()
    {
        Assert.Equal(UserIdHash.Compute("amos.marble@contoso.com"), UserIdHash.Compute(" Amos.Marble@Contoso.COM "));
        Assert.NotEqual(UserIdHash.Compute("amos.marble@contoso.com"), UserIdHash.Compute("amos.marble@contoso.org"));
    }

    [Fact]
    public void AnEmptyIdIsRefused()
    {
        Assert.Throws<ArgumentException>(() => UserIdHash.Compute("   "));
    }
}
