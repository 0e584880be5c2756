using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Discover;

/// <summary>The network service and the endpoints discover found for a request, for roundrobin to choose from.</summary>
/// <param name="NetworkService">The requested network service.</param>
/// <param name="Endpoints">The candidate endpoints, in preference order.</param>
public sealed record DiscoverCandidates(NetworkService NetworkService, IReadOnlyList<NetworkServiceEndpoint> Endpoints)
{
    /// <summary>The context key discover stores the candidates under.</summary>
    public static readonly NsmContextKey<DiscoverCandidates> Key = new("discover.candidates");
}
