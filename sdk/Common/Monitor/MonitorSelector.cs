using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>
/// <c>MatchesMonitorScopeSelector</c> of the API (wire.md §2.2), kept private to the monitor elements until the
/// API project provides it.
/// </summary>
internal static class MonitorSelector
{
    /// <summary>Whether <paramref name="connection"/> is in the scope of <paramref name="selector"/>.</summary>
    /// <param name="selector">The selector; <see langword="null"/> or empty matches everything.</param>
    /// <param name="connection">The connection; <see langword="null"/> never matches.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public static bool Matches(MonitorScopeSelector? selector, Connection? connection)
    {
        if (connection is null)
        {
            return false;
        }

        if (selector is null || (selector.PathSegments.Count == 0 && selector.NetworkServices.Count == 0))
        {
            return true;
        }

        if (selector.NetworkServices.Count > 0 && !selector.NetworkServices.Contains(connection.NetworkService))
        {
            return false;
        }

        var wanted = selector.PathSegments;
        if (wanted.Count == 0)
        {
            return true;
        }

        var have = connection.Path?.PathSegments;
        if (have is null || have.Count < wanted.Count)
        {
            return false;
        }

        for (var start = 0; start + wanted.Count <= have.Count; start++)
        {
            var all = true;
            for (var i = 0; i < wanted.Count && all; i++)
            {
                all = SegmentMatches(wanted[i], have[start + i]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SegmentMatches(PathSegment wanted, PathSegment have) =>
        Field(wanted.Name, have.Name) && Field(wanted.Id, have.Id) && Field(wanted.Token, have.Token);

    private static bool Field(string wanted, string have) =>
        wanted.Length == 0 || string.Equals(wanted, have, StringComparison.Ordinal);
}
