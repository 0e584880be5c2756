using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.Point2PointIpam;

/// <summary>Options of <see cref="Point2PointIpamServer"/>.</summary>
public sealed class Point2PointIpamOptions
{
    /// <summary>
    /// Gets or sets the CIDRs to allocate from, tried in order (IPv4 and IPv6 may be mixed), e.g. <c>10.100.1.0/24</c>.
    /// Required: at least one. Default: empty (the constructor rejects it).
    /// </summary>
    public IList<string> Prefixes { get; set; } = [];

    /// <summary>
    /// Gets or sets the addressing scheme. Default: <see cref="PointToPointMode.PerConnectionPair"/> (upstream
    /// <c>point2pointipam</c>, a /32 pair per connection). Use <see cref="PointToPointMode.SharedEndpoint"/> for the user
    /// guide's scheme (endpoint <c>.1/24</c> shared, clients <c>.2/24</c>, <c>.3/24</c>, ...).
    /// </summary>
    public PointToPointMode Mode { get; set; } = PointToPointMode.PerConnectionPair;
}
