using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api;

/// <summary>Event filtering by <see cref="MonitorScopeSelector"/>, as servers apply it to MonitorConnections streams.</summary>
public static class MonitorScopeSelectorExtensions
{
    /// <summary>
    /// Whether <paramref name="connection"/> is in the scope of <paramref name="selector"/>:
    /// a null connection never matches; an empty (or null) selector matches everything; otherwise the
    /// network service must be listed (an empty list is a wildcard) and the selector's segments must
    /// appear as a contiguous run of the connection's segments, compared by name, id and token with
    /// empty selector strings acting as wildcards.
    /// </summary>
    /// <param name="connection">The connection to test.</param>
    /// <param name="selector">The selector.</param>
    public static bool MatchesMonitorScopeSelector(this Connection? connection, MonitorScopeSelector? selector)
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

        var segments = connection.Path?.PathSegments;
        if (segments is null)
        {
            return false;
        }

        for (var start = 0; start + wanted.Count <= segments.Count; start++)
        {
            var all = true;
            for (var j = 0; j < wanted.Count && all; j++)
            {
                all = SegmentMatches(segments[start + j], wanted[j]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the entries of <paramref name="connections"/> whose connection matches <paramref name="selector"/>.</summary>
    /// <param name="connections">Connections keyed by id, e.g. <see cref="ConnectionEvent.Connections"/>.</param>
    /// <param name="selector">The selector.</param>
    public static Dictionary<string, Connection> FilterMapOnMonitorScopeSelector(
        this IEnumerable<KeyValuePair<string, Connection>> connections,
        MonitorScopeSelector? selector)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var result = new Dictionary<string, Connection>(StringComparer.Ordinal);
        foreach (var (id, connection) in connections)
        {
            if (connection.MatchesMonitorScopeSelector(selector))
            {
                result[id] = connection;
            }
        }

        return result;
    }

    private static bool SegmentMatches(PathSegment actual, PathSegment wanted) =>
        Field(actual.Name, wanted.Name) && Field(actual.Id, wanted.Id) && Field(actual.Token, wanted.Token);

    private static bool Field(string actual, string wanted) => wanted.Length == 0 || string.Equals(actual, wanted, StringComparison.Ordinal);
}
