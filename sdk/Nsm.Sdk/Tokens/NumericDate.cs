namespace Nsm.Sdk.Tokens;

/// <summary>JWT NumericDate (RFC 7519 §2): seconds since the Unix epoch.</summary>
internal static class NumericDate
{
    public static long ToSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static DateTimeOffset? FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return null;
        }

        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);
        var min = (double)(DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var max = (double)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        if (ticks < min || ticks > max)
        {
            return null;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    /// <summary>Truncates to whole seconds, the precision a written <c>exp</c> carries.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
