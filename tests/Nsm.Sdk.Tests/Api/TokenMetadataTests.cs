using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Api;

public class TokenMetadataTests
{
    [Fact]
    public void Keys()
    {
        Assert.Equal("nsm-client-token", TokenMetadata.TokenKey);
        Assert.Equal("nsm-client-token-expires", TokenMetadata.ExpiresKey);
    }

    [Fact]
    public void Format_utc_uses_Z_and_trims_fraction()
    {
        var t = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal("2024-01-02T03:04:05Z", TokenMetadata.FormatExpires(t));
        Assert.Equal("2024-01-02T03:04:05.5Z", TokenMetadata.FormatExpires(t.AddMilliseconds(500)));
        Assert.Equal("2024-01-02T03:04:05.1234567Z", TokenMetadata.FormatExpires(t.AddTicks(1_234_567)));
        Assert.Equal("2024-01-02T03:04:05.0000001Z", TokenMetadata.FormatExpires(t.AddTicks(1)));
        Assert.Equal("2024-01-02T03:04:05.12Z", TokenMetadata.FormatExpires(t.AddTicks(1_200_000)));
    }

    [Fact]
    public void Format_offset_uses_numeric_offset()
    {
        Assert.Equal("2024-06-30T23:59:59.25+05:30", Rfc3339Nano.Format(new DateTimeOffset(2024, 6, 30, 23, 59, 59, 250, TimeSpan.FromMinutes(330))));
        Assert.Equal("2024-06-30T23:59:59-08:00", Rfc3339Nano.Format(new DateTimeOffset(2024, 6, 30, 23, 59, 59, TimeSpan.FromHours(-8))));
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.0000000+00:00")]
    [InlineData("2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.1234567+00:00")]
    [InlineData("2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.1000000+00:00")]
    [InlineData("2024-01-02T03:04:05.000000001+01:00", "2024-01-02T03:04:05.0000000+01:00")]
    [InlineData("2024-01-02T03:04:05.5-07:30", "2024-01-02T03:04:05.5000000-07:30")]
    [InlineData("2024-02-29T00:00:00+00:00", "2024-02-29T00:00:00.0000000+00:00")]
    public void Parse_accepts_Z_and_offsets(string text, string expectedRoundTrip)
    {
        Assert.True(TokenMetadata.TryParseExpires(text, out var t));
        Assert.Equal(expectedRoundTrip, t.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parsed_instant_is_correct()
    {
        var a = Rfc3339Nano.Parse("2024-01-02T03:04:05+02:00");
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 1, 4, 5, TimeSpan.Zero).UtcTicks, a.UtcTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-01-02 03:04:05Z")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-01-02T03:04:05z")]
    [InlineData("2024-01-02T03:04:05.Z")]
    [InlineData("2024-01-02T03:04:05+0100")]
    [InlineData("2024-13-02T03:04:05Z")]
    [InlineData("2023-02-29T03:04:05Z")]
    [InlineData("2024-01-02T24:04:05Z")]
    [InlineData("2024-01-02T03:04:05Zjunk")]
    [InlineData("Tue, 02 Jan 2024 03:04:05 GMT")]
    public void Parse_rejects(string text)
    {
        Assert.False(TokenMetadata.TryParseExpires(text, out _));
        Assert.Throws<FormatException>(() => Rfc3339Nano.Parse(text));
    }

    [Fact]
    public void Round_trip()
    {
        var t = new DateTimeOffset(2030, 12, 31, 23, 59, 59, TimeSpan.FromHours(3)).AddTicks(9_876_543);
        var back = Rfc3339Nano.Parse(Rfc3339Nano.Format(t));
        Assert.Equal(t, back);
        Assert.Equal(t.Offset, back.Offset);
    }
}
