using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.SinglePointIpam;

/// <summary>
/// Upstream <c>singlepointipam</c>: the endpoint keeps one address per prefix (the network address, shared by all
/// connections, see <see cref="SinglePointAllocator.EndpointAddresses"/>); each connection gets one client address per
/// prefix, written into <c>src_ip_addrs</c> with the prefix's length (e.g. <c>10.0.0.1/24</c>). Nothing else is written.
/// </summary>
/// <remarks>
/// Same lifecycle as <see cref="Point2PointIpam.Point2PointIpamServer"/>: idempotent writes, refresh keeps addresses, a
/// newly excluded address is replaced, a failed first Request and a Close free them; exhaustion gives
/// <c>ResourceExhausted</c>, a malformed excluded prefix <c>InvalidArgument</c>.
/// </remarks>
public sealed class SinglePointIpamServer : INetworkServiceServer
{
    /// <summary>Creates the element.</summary>
    /// <param name="prefixes">The CIDRs; each connection gets one address from each.</param>
    /// <exception cref="ArgumentException">No prefix, a malformed prefix (named in the message), or a /32 (/128).</exception>
    public SinglePointIpamServer(params string[] prefixes) =>
        Allocator = new SinglePointAllocator(IpamErrors.ParsePrefixes(prefixes, nameof(prefixes)));

    /// <summary>Gets the allocator holding the leases (for inspection).</summary>
    public SinglePointAllocator Allocator { get; }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var ip = IpContextLeases.EnsureIpContext(request);
        var id = IpamErrors.RequireId(request.Connection.Id);
        var allocation = IpamErrors.Run(() => Allocator.Allocate(id, ip.SrcIpAddrs, ip.ExcludedPrefixes));
        if (allocation.Replaced is { } replaced)
        {
            IpContextLeases.Remove(ip, replaced);
        }

        IpContextLeases.DropStale(ip, Allocator.Prefixes, allocation.Lease);
        IpContextLeases.Apply(ip, allocation.Lease);
        try
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (allocation.IsNew)
        {
            Allocator.Release(id);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            Allocator.Release(connection.Id ?? string.Empty);
        }
    }
}
