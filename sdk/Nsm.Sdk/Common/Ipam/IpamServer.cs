using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.PerConnection;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam;

/// <summary>
/// The IPAM server element over an allocation strategy (<see cref="IIpamAllocator"/>): writes the connection's lease
/// into its IPContext on every Request and frees it on Close.
/// </summary>
/// <remarks>
/// <para>Addresses and routes are written idempotently; stale addresses of the allocator's prefixes are replaced, not
/// appended. A refresh keeps the addresses unless one of them is now excluded, in which case the connection gets new
/// ones and the old ones are removed from the IPContext. A failed first Request and a Close free the addresses.</para>
/// <para>Errors: exhaustion gives <c>ResourceExhausted</c> with the allocator's message; a malformed excluded prefix
/// gives <c>InvalidArgument</c>. Neither affects other connections.</para>
/// </remarks>
/// <typeparam name="TAllocator">The allocation strategy.</typeparam>
public class IpamServer<TAllocator> : INetworkServiceServer, IPerConnectionResource
    where TAllocator : IIpamAllocator
{
    /// <summary>Initializes the element.</summary>
    /// <param name="allocator">The strategy holding the leases.</param>
    public IpamServer(TAllocator allocator)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        Allocator = allocator;
    }

    /// <summary>Gets the allocator holding the leases (for inspection).</summary>
    public TAllocator Allocator { get; }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var ip = IpContextLeases.EnsureIpContext(request);
        var id = IpamErrors.RequireId(request.Connection.Id);
        var allocation = IpamErrors.Run(() => Allocator.Allocate(id, ip.SrcIpAddrs, ip.DstIpAddrs, Nsm.Sdk.Ipam.ExcludedPrefixes.Parse(ip.ExcludedPrefixes)));
        if (allocation.Replaced is { } replaced)
        {
            IpContextLeases.Remove(ip, replaced);
        }

        IpContextLeases.DropStale(ip, Allocator.Prefixes, allocation.Lease);
        IpContextLeases.Apply(ip, allocation.Lease);
        return await PerConnectionResource.RequestAsync(this, id, allocation.IsNew, request, context, next).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        PerConnectionResource.CloseAsync(this, connection, context, next);

    /// <inheritdoc />
    void IPerConnectionResource.Free(string connectionId) => Allocator.Release(connectionId);
}
