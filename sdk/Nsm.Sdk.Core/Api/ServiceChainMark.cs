namespace Nsm.Sdk.Api;

/// <summary>What a path segment says of a service chain: the hop picked there (see <see cref="ServiceChain"/>).</summary>
/// <param name="NetworkService">The chained service.</param>
/// <param name="Match">The index of the chain's match in the service.</param>
/// <param name="Hop">The index of the hop picked.</param>
public readonly record struct ServiceChainMark(string NetworkService, int Match, int Hop);
