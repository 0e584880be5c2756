using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.SinglePointIpam;

/// <summary>
/// Upstream <c>singlepointipam</c>: the endpoint keeps one address per prefix (the network address, shared by all
/// connections, see <see cref="SinglePointAllocator.EndpointAddresses"/>); each connection gets one client address per
/// prefix, written into <c>src_ip_addrs</c> with the prefix's length (e.g. <c>10.0.0.1/24</c>). Nothing else is written.
/// The IPAM server (<see cref="IpamServer{TAllocator}"/>) over <see cref="SinglePointAllocator"/>.
/// </summary>
/// <remarks>Lifecycle and errors as <see cref="IpamServer{TAllocator}"/>.</remarks>
public sealed class SinglePointIpamServer : IpamServer<SinglePointAllocator>
{
    /// <summary>Creates the element.</summary>
    /// <param name="prefixes">The CIDRs; each connection gets one address from each.</param>
    /// <exception cref="ArgumentException">No prefix, a malformed prefix (named in the message), or a /32 (/128).</exception>
    public SinglePointIpamServer(params string[] prefixes)
        : base(new SinglePointAllocator(IpamErrors.ParsePrefixes(prefixes, nameof(prefixes))))
    {
    }
}
