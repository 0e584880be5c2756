using System.Globalization;
using System.Text.RegularExpressions;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Match = Nsm.Api.Registry.Match;

namespace Nsm.Sdk.Api;

/// <summary>
/// The guide's service chains: a match whose <c>route</c> is <c>[{via: firewall-service}, {via: ids-service},
/// {destination: application-network}]</c> sends its clients through an endpoint of each <c>via</c> service in order
/// and then to an endpoint of the <c>destination</c> service.
/// </summary>
/// <remarks>
/// <para><b>In the registry</b> each hop is a route whose destination selector carries <see cref="ViaKey"/> or
/// <see cref="DestinationKey"/> with the service name, so the chain travels in the upstream wire format and CRD JSON
/// unchanged. (An upstream nsmgr reads those routes as selectors that no endpoint carries: it finds no candidate.)</para>
/// <para><b>On the path</b> the element that picks hop <c>i</c> (discover: in this SDK's forwarder, as upstream's)
/// writes <see cref="PathMarkerKey"/> = <c>service|match|i</c> into its own path segment's metrics. A passthrough at
/// hop <c>i</c> requests the same service again with the path continued, so the next discover finds the marker among
/// the segments before its own and picks hop <c>i+1</c>. The client's own Requests (refresh, heal) carry no marker
/// before the first discover, so they always start at hop 0.</para>
/// </remarks>
public static partial class ServiceChain
{
    /// <summary>The destination-selector key of a <c>via</c> hop.</summary>
    public const string ViaKey = "chain.nsm-sdk.io/via";

    /// <summary>The destination-selector key of the <c>destination</c> hop.</summary>
    public const string DestinationKey = "chain.nsm-sdk.io/destination";

    /// <summary>The path-segment metrics key the nsmgr writes when it picks a chain hop.</summary>
    public const string PathMarkerKey = "chain.nsm-sdk.io/hop";

    /// <summary>Whether <paramref name="value"/> names a service (a DNS-1123 name), not an address or CIDR.</summary>
    /// <param name="value">A scalar <c>via</c>/<c>destination</c> value.</param>
    /// <returns><see langword="true"/> for a service name.</returns>
    public static bool IsServiceName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 253 && ServiceNamePattern().IsMatch(value) && !System.Net.IPAddress.TryParse(value, out _);

    /// <summary>Creates the route of one hop.</summary>
    /// <param name="service">The hop's service.</param>
    /// <param name="isDestination">Whether it is the <c>destination</c>.</param>
    /// <returns>The route.</returns>
    public static Destination Hop(string service, bool isDestination)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        return new Destination { DestinationSelector = { [isDestination ? DestinationKey : ViaKey] = service } };
    }

    /// <summary>Reads the hops of <paramref name="match"/>, in order.</summary>
    /// <param name="match">A match.</param>
    /// <returns>The hops; empty when the match is not a chain.</returns>
    public static IReadOnlyList<ServiceChainHop> Hops(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        List<ServiceChainHop>? hops = null;
        foreach (var route in match.Routes)
        {
            var selector = route.DestinationSelector;
            var isDestination = selector.TryGetValue(DestinationKey, out var service);
            if (!isDestination && !selector.TryGetValue(ViaKey, out service))
            {
                continue;
            }

            var rest = selector.Where(kv => kv.Key is not (ViaKey or DestinationKey)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            (hops ??= []).Add(new ServiceChainHop(service!, isDestination, rest));
        }

        return hops ?? (IReadOnlyList<ServiceChainHop>)[];
    }

    /// <summary>Writes the marker of a picked hop into the current path segment of <paramref name="connection"/>.</summary>
    /// <param name="connection">The Request's connection, its path index at the nsmgr's segment.</param>
    /// <param name="networkService">The chained service.</param>
    /// <param name="match">The index of the chain's match.</param>
    /// <param name="hop">The index of the picked hop.</param>
    public static void WriteMarker(Connection connection, string networkService, int match, int hop)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Path is { } path && path.Index < path.PathSegments.Count)
        {
            path.PathSegments[(int)path.Index].Metrics[PathMarkerKey] = string.Create(CultureInfo.InvariantCulture, $"{networkService}|{match}|{hop}");
        }
    }

    /// <summary>Finds the first marker at or after <paramref name="start"/>: the hop picked for the connection of the
    /// component at <paramref name="start"/>.</summary>
    /// <param name="path">The connection's path.</param>
    /// <param name="start">The index of the component's own segment.</param>
    /// <returns>The service, match and hop; <see langword="null"/> when the connection is not part of a chain.</returns>
    public static ServiceChainMark? FindMarkerFrom(Nsm.Api.NetworkService.Path? path, int start)
    {
        for (var i = Math.Max(start, 0); path is not null && i < path.PathSegments.Count; i++)
        {
            if (ReadMarker(path.PathSegments[i]) is { } marker)
            {
                return marker;
            }
        }

        return null;
    }

    /// <summary>Finds the last marker of <paramref name="networkService"/> before the path's current index: the hop the
    /// previous discover along the chain picked.</summary>
    /// <param name="path">The Request's path, its index at the current component's segment.</param>
    /// <param name="networkService">The chained service.</param>
    /// <returns>The marker; <see langword="null"/> when no earlier hop of that chain is on the path.</returns>
    public static ServiceChainMark? FindMarkerBefore(Nsm.Api.NetworkService.Path? path, string networkService)
    {
        for (var i = path is null ? -1 : Math.Min((int)path.Index, path.PathSegments.Count) - 1; i >= 0; i--)
        {
            if (ReadMarker(path!.PathSegments[i]) is { } marker && marker.NetworkService == networkService)
            {
                return marker;
            }
        }

        return null;
    }

    /// <summary>Reads a path segment's marker.</summary>
    /// <param name="segment">A path segment.</param>
    /// <returns>The service, match and hop; <see langword="null"/> when the segment has no (valid) marker.</returns>
    public static ServiceChainMark? ReadMarker(PathSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!segment.Metrics.TryGetValue(PathMarkerKey, out var value))
        {
            return null;
        }

        var parts = value.Split('|');
        return parts.Length == 3 && parts[0].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var match)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var hop)
            ? new ServiceChainMark(parts[0], match, hop)
            : null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceNamePattern();
}
