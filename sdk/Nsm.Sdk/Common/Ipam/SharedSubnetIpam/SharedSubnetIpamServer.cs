using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.PerConnection;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.SharedSubnetIpam;

/// <summary>
/// IPAM for clients that join a subnet shared with hosts outside the mesh (an NSE on an external network): each
/// client gets one address per subnet with the subnet's length in <c>src_ip_addrs</c> (no point-to-point peer, no
/// <c>dst_ip_addrs</c>), a route to each subnet and the configured extra routes through the subnet's gateway in
/// <c>src_routes</c>. See <see cref="SharedSubnetAllocator"/> for which addresses are handed out (probed first when
/// a probe is configured).
/// </summary>
/// <remarks>
/// A refresh keeps the connection's addresses; a failed first Request and a Close free them. Errors: no address
/// left gives <c>ResourceExhausted</c> naming the subnet; a malformed excluded prefix <c>InvalidArgument</c>.
/// </remarks>
public sealed class SharedSubnetIpamServer : INetworkServiceServer, IPerConnectionResource
{
    /// <summary>Initializes the element.</summary>
    /// <param name="options">The options (checked here).</param>
    public SharedSubnetIpamServer(SharedSubnetIpamOptions options) => Allocator = new SharedSubnetAllocator(options);

    /// <summary>Gets the allocator holding the leases (for inspection).</summary>
    public SharedSubnetAllocator Allocator { get; }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var ip = IpContextLeases.EnsureIpContext(request);
        var id = IpamErrors.RequireId(request.Connection.Id);
        var allocation = await IpamErrors.RunAsync(() => Allocator.AllocateAsync(id, ip.SrcIpAddrs, Nsm.Sdk.Ipam.ExcludedPrefixes.Parse(ip.ExcludedPrefixes), context.CancellationToken)).ConfigureAwait(false);
        if (allocation.Replaced is { } replaced)
        {
            IpContextLeases.Remove(ip, replaced);
        }

        IpContextLeases.DropStale(ip, Allocator.Prefixes, allocation.Lease);
        IpContextLeases.Apply(ip, allocation.Lease);
        foreach (var route in Allocator.Routes)
        {
            var gateway = Allocator.Gateways.First(g => g.Family == route.Family).ToString();
            if (!ip.SrcRoutes.Any(r => IpContextLeases.Matches(r.Prefix, [route])))
            {
                ip.SrcRoutes.Add(new Route { Prefix = route.ToString(), NextHop = gateway });
            }
        }

        return await PerConnectionResource.RequestAsync(this, id, allocation.IsNew, request, context, next).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        PerConnectionResource.CloseAsync(this, connection, context, next);

    /// <inheritdoc />
    void IPerConnectionResource.Free(string connectionId) => Allocator.Release(connectionId);
}
