namespace Nsm.Sdk.Common.Timers;

/// <summary>
/// How long before a token or registration expires a server acts on it (closes the connection, unregisters the
/// endpoint): the caller's call timeout, as upstream, but at most a fifth of the time left.
/// </summary>
/// <remarks>
/// Upstream subtracts the whole call timeout. With short tokens that leaves the caller almost nothing: 20 s tokens and
/// 15 s calls close a connection 5 s after each refresh while the caller refreshes after 4 s, so one slow second on a
/// busy node costs the connection. Bounded by a fifth, the caller keeps four fifths of the lifetime to refresh in, and a
/// Go client, which refreshes at a third (connections) or two thirds (registrations) of it, still comes first.
/// </remarks>
public static class ExpiryMargin
{
    /// <summary>Computes when to act.</summary>
    /// <param name="left">The time left until the expiry.</param>
    /// <param name="callTimeout">The time the caller's call had left, or zero when it had no deadline.</param>
    /// <returns>The delay until the server acts (never negative).</returns>
    public static TimeSpan Due(TimeSpan left, TimeSpan callTimeout)
    {
        if (left <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var fifth = left / 5;
        return left - (callTimeout < fifth ? callTimeout : fifth);
    }
}
