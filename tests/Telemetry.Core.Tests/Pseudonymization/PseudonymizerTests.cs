using System.Security.Cryptography;
using System.Text;

namespace Telemetry.Core.Tests.Pseudonymization;

public class PseudonymizerTests
{
    private static readonly byte[] KeyV1 = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] KeyV2 = [.. Enumerable.Repeat((byte)0xFF, 48)];

    private static Pseudonymizer Create(string current = "v1") =>
        new(new Dictionary<string, byte[]> { ["v1"] = KeyV1, ["v2"] = KeyV2 }, current);

    // Vectors computed outside .NET (openssl dgst -sha256 -mac HMAC) over the normalized values.
    [Theory]
    [InlineData("amosmarble", "v1", "044e5f3dfe3e18cbbe7f35772fcb963ddb37916f845dd88948e3b987b8ac4248")]
    [InlineData("  AmosMarble\t", "v1", "044e5f3dfe3e18cbbe7f35772fcb963ddb37916f845dd88948e3b987b8ac4248")]
    [InlineData("SIP:Amos.Marble@Contoso.com", "v1", "91d23af1c4848f34a484c33801a3badd9075760e997e77972e79d1443819fef6")]
    [InlineData("Straße", "v1", "0611a912ff68e85b8ae938a1235afa1ced51a83e376974614761551849583b5c")]
    [InlineData("amosmarble", "v2", "dcf4f867305b5ef689735153ab3a01e9cfec1dda8f3ce94f5a9fc1426c66ee29")]
    public void Hashes_match_independently_computed_hmac_sha256_vectors(string value, string version, string expected)
    {
        Assert.Equal(expected, Create().Hash(value, version));
    }

    [Fact]
    public void Lower_casing_is_invariant_and_does_not_fold_sharp_s_into_ss()
    {
        Assert.NotEqual(Create().Hash("Straße"), Create().Hash("STRASSE"));
        Assert.Equal(Create().Hash("strasse"), Create().Hash("STRASSE"));
    }

    [Fact]
    public void The_reference_hmac_used_by_these_tests_matches_rfc_4231_test_case_2()
    {
        Assert.Equal(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ReferenceHmac("Jefe"u8.ToArray(), "what do ya want for nothing?", normalize: false));
    }

    [Theory]
    [InlineData("amos.marble@contoso.com")]
    [InlineData(" Ünïcødé Ñame ")]
    [InlineData("192.0.2.1")]
    [InlineData("")]
    public void Hash_is_hmac_sha256_of_the_trimmed_lower_cased_utf8_value_as_64_lowercase_hex(string value)
    {
        var hash = Create().Hash(value);

        Assert.Equal(ReferenceHmac(KeyV1, value), hash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void The_current_version_hashes_new_values_and_older_versions_stay_usable()
    {
        var rotated = Create(current: "v2");

        Assert.Equal("v2", rotated.CurrentVersion);
        Assert.Equal(rotated.Hash("amosmarble", "v2"), rotated.Hash("amosmarble"));
        Assert.Equal(Create().Hash("amosmarble"), rotated.Hash("amosmarble", "v1"));
        Assert.NotEqual(rotated.Hash("amosmarble", "v1"), rotated.Hash("amosmarble"));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_hashes_as_a_single_caller()
    {
        var pseudonymizer = Create();
        var values = Enumerable.Range(0, 2_000).Select(i => $"user{i}@contoso.com").ToArray();
        var expected = values.Select(v => ReferenceHmac(KeyV1, v)).ToArray();

        var actual = values.AsParallel().AsOrdered().WithDegreeOfParallelism(8).Select(v => pseudonymizer.Hash(v)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Long_values_hash_like_short_ones()
    {
        var value = new string('ж', 5_000);

        Assert.Equal(ReferenceHmac(KeyV1, value), Create().Hash(value));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused_naming_its_version()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Pseudonymizer(new Dictionary<string, byte[]> { ["v1"] = KeyV1, ["old"] = new byte[31] }, "v1"));

        Assert.Contains("'old'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_version_without_a_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Pseudonymizer(new Dictionary<string, byte[]> { ["v1"] = KeyV1 }, "v9"));

        Assert.Contains("'v9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hashing_with_an_unknown_version_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Create().Hash("amosmarble", "v9"));
    }

    [Fact]
    public void Changing_the_callers_key_array_afterwards_does_not_change_hashes()
    {
        var key = (byte[])KeyV1.Clone();
        var pseudonymizer = new Pseudonymizer(new Dictionary<string, byte[]> { ["v1"] = key }, "v1");
        var before = pseudonymizer.Hash("amosmarble");

        key[0] ^= 0xFF;

        Assert.Equal(before, pseudonymizer.Hash("amosmarble"));
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData(" 10.1.2.3 ", "10.1.2.0/24")]
    [InlineData("2001:db8:abcd:12:34:56:78:9a", "2001:db8:abcd::/48")]
    [InlineData("2001:DB8:ABCD:FFFF::1", "2001:db8:abcd::/48")]
    [InlineData("fe80::1%eth0", "fe80::/48")]
    [InlineData("::ffff:198.51.100.9", "198.51.100.0/24")]
    [InlineData("::1", "::/48")]
    public void Ip_addresses_truncate_to_a_24_bit_or_48_bit_prefix(string ip, string prefix)
    {
        Assert.Equal(prefix, Pseudonymizer.TruncateIp(ip));
    }

    [Theory]
    [InlineData("")]
    [InlineData("amos-pc")]
    [InlineData("10")]
    [InlineData("10.1")]
    [InlineData("10.1.2")]
    [InlineData("256.1.1.1")]
    [InlineData("2001:db8::g")]
    public void Text_that_is_not_an_ip_address_has_no_prefix(string text)
    {
        Assert.Null(Pseudonymizer.TruncateIp(text));
    }

    // HMAC (RFC 2104) built from SHA-256 alone, independent of the HMACSHA256 class under test.
    private static string ReferenceHmac(byte[] key, string value, bool normalize = true)
    {
        const int BlockSize = 64;
        var message = Encoding.UTF8.GetBytes(normalize ? value.Trim().ToLowerInvariant() : value);
        var block = new byte[BlockSize];
        (key.Length > BlockSize ? SHA256.HashData(key) : key).CopyTo(block, 0);
        var inner = SHA256.HashData([.. block.Select(b => (byte)(b ^ 0x36)), .. message]);
        var outer = SHA256.HashData([.. block.Select(b => (byte)(b ^ 0x5C)), .. inner]);
        return Convert.ToHexString(outer).ToLowerInvariant();
    }
}
