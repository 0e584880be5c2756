using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>Where a Request stands in a service chain: the hop it goes to next.</summary>
/// <param name="NetworkService">The chained service (the one the client requested).</param>
/// <param name="Match">The index of the chain's match in the service.</param>
/// <param name="Hop">The index of the hop the Request goes to.</param>
/// <param name="Hops">Every hop of the chain, in order.</param>
public sealed record ServiceChainStep(string NetworkService, int Match, int Hop, IReadOnlyList<ServiceChainHop> Hops)
{
    /// <summary>Gets the hop the Request goes to.</summary>
    public ServiceChainHop Current => Hops[Hop];

    /// <summary>
    /// Finds which chain hop a Request for <paramref name="networkService"/> goes to: the hop after the one marked on
    /// the path before this nsmgr, or hop 0 when the first match that selects the client's labels is a chain.
    /// </summary>
    /// <param name="networkService">The requested service.</param>
    /// <param name="connection">The Request's connection, its path index at this nsmgr's segment.</param>
    /// <returns>The step, or <see langword="null"/> when the Request is not part of a chain.</returns>
    /// <exception cref="NsmStatusException">The path says the chain already ended (FailedPrecondition).</exception>
    public static ServiceChainStep? Locate(NetworkService networkService, Connection connection)
    {
        ArgumentNullException.ThrowIfNull(networkService);
        ArgumentNullException.ThrowIfNull(connection);
        if (ServiceChain.FindMarkerBefore(connection.Path, networkService.Name) is { } marked && marked.Match < networkService.Matches.Count)
        {
            var hops = ServiceChain.Hops(networkService.Matches[marked.Match]);
            if (hops.Count > 0)
            {
                return marked.Hop + 1 < hops.Count
                    ? new ServiceChainStep(networkService.Name, marked.Match, marked.Hop + 1, hops)
                    : throw new NsmStatusException(StatusCode.FailedPrecondition,
                        $"network service {networkService.Name}: the chain ends at {hops[^1]}, but that endpoint requested {networkService.Name} again");
            }
        }

        for (var m = 0; m < networkService.Matches.Count; m++)
        {
            var match = networkService.Matches[m];
            if (!LabelSelector.IsSubset(connection.Labels, match.SourceSelector, connection.Labels))
            {
                continue;
            }

            var hops = ServiceChain.Hops(match);
            return hops.Count > 0 ? new ServiceChainStep(networkService.Name, m, 0, hops) : null;
        }

        return null;
    }

    /// <summary>Writes this step into the current path segment, for the next nsmgr along the chain.</summary>
    /// <param name="connection">The Request's connection, its path index at this nsmgr's segment.</param>
    public void MarkOn(Connection connection) => ServiceChain.WriteMarker(connection, NetworkService, Match, Hop);

    /// <summary>Gets the step as a log or error text, e.g. <c>hop 2 of 3 (via: ids-service)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"hop {Hop + 1} of {Hops.Count} ({Current})";
}
