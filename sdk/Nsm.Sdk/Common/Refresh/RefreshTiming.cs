using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Refresh;

/// <summary>When the client refreshes a connection, derived from the token expiries on its path.</summary>
public static class RefreshTiming
{
    /// <summary>
    /// Computes the delay until the refresh: the shortest time left until any segment's <c>expires</c>, scaled by
    /// 1/3 for a path of at most one segment, else by <c>0.2 + 0.2 · index / segments</c> (so outer hops refresh
    /// sooner than inner ones); <see cref="RefreshDefaults.MinimumDelay"/> when there is no segment or the shortest
    /// time is not positive (a missing expiry counts as long past).
    /// </summary>
    /// <param name="connection">The connection returned by the Request.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan After(Connection connection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var segments = connection.Path?.PathSegments;
        if (segments is null || segments.Count == 0)
        {
            return RefreshDefaults.MinimumDelay;
        }

        var min = TimeSpan.MaxValue;
        foreach (var segment in segments)
        {
            var expires = segment.Expires?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
            var left = expires - now;
            if (left < min)
            {
                min = left;
            }
        }

        if (min <= TimeSpan.Zero)
        {
            return RefreshDefaults.MinimumDelay;
        }

        var scale = segments.Count <= 1 ? 1.0 / 3.0 : 0.2 + (0.2 * connection.Path!.Index / segments.Count);
        var delay = TimeSpan.FromTicks((long)(min.Ticks * scale));
        return delay > TimeSpan.Zero ? delay : RefreshDefaults.MinimumDelay;
    }
}
