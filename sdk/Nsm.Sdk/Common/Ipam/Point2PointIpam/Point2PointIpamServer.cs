using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.Point2PointIpam;

/// <summary>
/// Upstream <c>point2pointipam</c>: gives each connection a client (<c>src</c>) and an endpoint (<c>dst</c>) address, with
/// routes to each other, from the configured prefixes. The IPAM server (<see cref="IpamServer{TAllocator}"/>) over
/// <see cref="PointToPointAllocator"/>.
/// </summary>
/// <remarks>Lifecycle and errors as <see cref="IpamServer{TAllocator}"/>.</remarks>
public sealed class Point2PointIpamServer : IpamServer<PointToPointAllocator>
{
    /// <summary>Creates the element.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">No prefix, or a malformed prefix (the message names it).</exception>
    public Point2PointIpamServer(Point2PointIpamOptions options)
        : base(Create(options))
    {
    }

    /// <summary>Creates the element in upstream (per-connection pair) mode.</summary>
    /// <param name="prefixes">The CIDRs, e.g. <c>192.168.0.0/16</c>.</param>
    /// <exception cref="ArgumentException">No prefix, or a malformed prefix.</exception>
    public Point2PointIpamServer(params string[] prefixes)
        : this(new Point2PointIpamOptions { Prefixes = prefixes })
    {
    }

    private static PointToPointAllocator Create(Point2PointIpamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PointToPointAllocator(IpamErrors.ParsePrefixes(options.Prefixes, nameof(options)), options.Mode);
    }
}
