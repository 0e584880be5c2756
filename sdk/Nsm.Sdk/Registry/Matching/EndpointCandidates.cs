using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Candidate endpoint selection for a Request (upstream <c>MatchEndpoint</c>, sdk-registry.md §2.2, wire.md §6.1).
/// </summary>
public static class EndpointCandidates
{
    /// <summary>Selects the candidate endpoints, in order, for a request with <paramref name="labels"/>.</summary>
    /// <remarks>
    /// <list type="number">
    /// <item>No matches: every endpoint, unchanged.</item>
    /// <item>Each match whose source selector ⊆ <paramref name="labels"/> collects, per route in order and per endpoint
    /// in input order, every endpoint whose labels for the service ⊇ the destination selector (duplicates kept).</item>
    /// <item>A fallthrough match with no candidate moves on to the next match.</item>
    /// <item>A match with metadata, no routes and no candidate returns every endpoint.</item>
    /// <item>Otherwise the match's candidates are returned (possibly empty).</item>
    /// <item>No applicable match: empty.</item>
    /// </list>
    /// </remarks>
    /// <param name="labels">The NSC's connection labels, also the template data.</param>
    /// <param name="networkService">The requested network service.</param>
    /// <param name="endpoints">The endpoints offering the service.</param>
    /// <returns>The candidates; empty when none qualify.</returns>
    public static IReadOnlyList<NetworkServiceEndpoint> Match(
        IReadOnlyDictionary<string, string>? labels,
        NetworkService networkService,
        IReadOnlyList<NetworkServiceEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (networkService.Matches.Count == 0)
        {
            return endpoints;
        }

        foreach (var match in networkService.Matches)
        {
            if (!LabelSelector.IsSubset(labels, match.SourceSelector, labels))
            {
                continue;
            }

            var candidates = new List<NetworkServiceEndpoint>();
            foreach (var route in match.Routes)
            {
                foreach (var endpoint in endpoints)
                {
                    var endpointLabels = endpoint.NetworkServiceLabels.TryGetValue(networkService.Name, out var set)
                        ? set?.Labels
                        : null;
                    if (LabelSelector.IsSubset(endpointLabels, route.DestinationSelector, labels))
                    {
                        candidates.Add(endpoint);
                    }
                }
            }

            if (match.Fallthrough && candidates.Count == 0)
            {
                continue;
            }

            if (match.Metadata is not null && match.Routes.Count == 0 && candidates.Count == 0)
            {
                return endpoints;
            }

            return candidates;
        }

        return [];
    }

    /// <summary>Like <see cref="Match"/>, but an empty result throws.</summary>
    /// <param name="labels">The NSC's connection labels.</param>
    /// <param name="networkService">The requested network service.</param>
    /// <param name="endpoints">The endpoints offering the service.</param>
    /// <returns>The non-empty candidate list.</returns>
    /// <exception cref="EndpointCandidatesNotFoundException">No endpoint qualifies.</exception>
    public static IReadOnlyList<NetworkServiceEndpoint> Select(
        IReadOnlyDictionary<string, string>? labels,
        NetworkService networkService,
        IReadOnlyList<NetworkServiceEndpoint> endpoints)
    {
        var candidates = Match(labels, networkService, endpoints);
        return candidates.Count != 0 ? candidates : throw new EndpointCandidatesNotFoundException();
    }
}
