using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Tests.WireGuard;

public class WireGuardKeyTests
{
    // RFC 7748 section 6.1: Alice's and Bob's private keys and X25519(k, 9).
    [Theory]
    [InlineData("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")]
    [InlineData("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")]
    public void Public_keys_match_the_rfc_7748_vectors(string privateHex, string publicHex) =>
        Assert.Equal(publicHex, WireGuardKey.Parse(privateHex).PublicKey.ToHex());

    [Fact]
    public async Task Public_key_equals_wg_pubkey()
    {
        var key = WireGuardKey.Generate();
        var (exit, output, error) = await Shell.RunWithInputAsync(key.ToBase64() + "\n", "wg", "pubkey");
        Assert.True(exit == 0, error);
        Assert.Equal(output.Trim(), key.PublicKey.ToBase64());
    }

    [Fact]
    public async Task Keys_of_wg_genkey_parse_and_give_wg_pubkey()
    {
        var (_, generated, _) = await Shell.RunAsync("wg", "genkey");
        var (_, expected, _) = await Shell.RunWithInputAsync(generated, "wg", "pubkey");
        Assert.Equal(expected.Trim(), WireGuardKey.Parse(generated).PublicKey.ToString());
    }

    [Fact]
    public void Generated_keys_are_clamped_and_distinct()
    {
        var a = WireGuardKey.Generate().ToArray();
        var b = WireGuardKey.Generate().ToArray();
        Assert.NotEqual(a, b);
        Assert.Equal(0, a[0] & 7);
        Assert.Equal(0x40, a[31] & 0xC0);
    }

    [Fact]
    public void Base64_and_hex_forms_round_trip()
    {
        var key = WireGuardKey.Generate();
        Assert.Equal(44, key.ToBase64().Length);
        Assert.Equal(64, key.ToHex().Length);
        Assert.Equal(key, WireGuardKey.Parse(key.ToBase64()));
        Assert.Equal(key, WireGuardKey.Parse(key.ToHex().ToUpperInvariant()));
        Assert.Equal(key.GetHashCode(), WireGuardKey.Parse(key.ToHex()).GetHashCode());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("not-a-key", "not a WireGuard key")]
    [InlineData("AAAA", "not a WireGuard key")]
    [InlineData("zz076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "hex digits")]
    [InlineData("d2lyZWd1YXJkIGtleSBpcyAzMiBieXRlcyBsb25nISEhIQ", "not a WireGuard key")]
    public void Bad_text_is_refused_with_a_reason(string? text, string reason)
    {
        Assert.False(WireGuardKey.TryParse(text, out var key, out var error));
        Assert.Null(key);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => WireGuardKey.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_bytes_must_be_32() =>
        Assert.Throws<ArgumentException>(() => WireGuardKey.FromBytes(new byte[31]));
}
