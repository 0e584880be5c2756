using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.Point2PointIpam;

/// <summary>
/// Upstream <c>point2pointipam</c>: gives each connection a client (<c>src</c>) and an endpoint (<c>dst</c>) address, with
/// routes to each other, from the configured prefixes. Wraps <see cref="PointToPointAllocator"/>.
/// </summary>
/// <remarks>
/// <para>Addresses and routes are written idempotently; stale addresses of the configured prefixes are replaced, not appended.
/// A refresh keeps the addresses unless one of them is now excluded, in which case the connection gets new ones and the
/// old ones are removed from the IPContext. A failed first Request and a Close free the addresses.</para>
/// <para>Errors: exhaustion gives <c>ResourceExhausted</c> with the allocator's message; a malformed excluded prefix gives
/// <c>InvalidArgument</c>. Neither affects other connections.</para>
/// </remarks>
public sealed class Point2PointIpamServer : INetworkServiceServer
{
    /// <summary>Creates the element.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">No prefix, or a malformed prefix (the message names it).</exception>
    public Point2PointIpamServer(Point2PointIpamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefixes = IpamErrors.ParsePrefixes(options.Prefixes, nameof(options));
        Allocator = new PointToPointAllocator(prefixes, options.Mode);
    }

    /// <summary>Creates the element in upstream (per-connection pair) mode.</summary>
    /// <param name="prefixes">The CIDRs, e.g. <c>192.168.0.0/16</c>.</param>
    /// <exception cref="ArgumentException">No prefix, or a malformed prefix.</exception>
    public Point2PointIpamServer(params string[] prefixes)
        : this(new Point2PointIpamOptions { Prefixes = prefixes })
    {
    }

    /// <summary>Gets the allocator holding the leases (for inspection).</summary>
    public PointToPointAllocator Allocator { get; }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var ip = IpContextLeases.EnsureIpContext(request);
        var id = IpamErrors.RequireId(request.Connection.Id);
        var allocation = IpamErrors.Run(() => Allocator.Allocate(id, ip.SrcIpAddrs, ip.DstIpAddrs, ip.ExcludedPrefixes));
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
