using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

public class Rfc3339NanoTests
{
    [Theory]
    [InlineData(0, "2030-01-02T03:04:05Z")]
    [InlineData(5_000_000, "2030-01-02T03:04:05.5Z")]
    [InlineData(1_234_567, "2030-01-02T03:04:05.1234567Z")]
    [InlineData(1, "2030-01-02T03:04:05.0000001Z")]
    public void Format_Utc_TrimsFractionZeros(long ticks, string expected)
    {
        var time = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(ticks);

        Assert.Equal(expected, Rfc3339Nano.Format(time));
    }

    [Fact]
    public void Format_Offset_WritesNumericZone()
    {
        Assert.Equal("2030-01-02T03:04:05.25-07:30", Rfc3339Nano.Format(new DateTimeOffset(2030, 1, 2, 3, 4, 5, 250, new TimeSpan(-7, -30, 0))));
    }

    [Theory]
    [InlineData("2030-01-02T03:04:05Z", 0, 0)]
    [InlineData("2030-01-02T03:04:05.123456789Z", 1_234_567, 0)]
    [InlineData("2030-01-02T03:04:05.5+02:00", 5_000_000, 120)]
    public void TryParse_GoLayout(string text, long fractionTicks, int offsetMinutes)
    {
        Assert.True(Rfc3339Nano.TryParse(text, out var time));
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(fractionTicks), time);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), time.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2030-01-02 03:04:05Z")]
    [InlineData("2030-01-02T03:04:05")]
    [InlineData("2030-01-02T03:04:05.Z")]
    [InlineData("2030-01-02T03:04:05.1234567890Z")]
    [InlineData("2030-13-02T03:04:05Z")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(Rfc3339Nano.TryParse(text, out _));
    }

    [Fact]
    public void FormatThenParse_RoundTrips()
    {
        var time = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(9_876_543);

        Assert.True(Rfc3339Nano.TryParse(Rfc3339Nano.Format(time), out var parsed));
        Assert.Equal(time, parsed);
    }
}
