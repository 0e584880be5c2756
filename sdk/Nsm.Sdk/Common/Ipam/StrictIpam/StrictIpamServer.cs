using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.StrictIpam;

/// <summary>
/// Upstream <c>strictipam</c>: wraps another IPAM element built for the same prefixes. Before it runs, every src/dst
/// address of the request that lies outside the prefixes or is held by another connection is dropped, with the routes
/// to it; after a successful Request the response's addresses are recorded as held; Close frees them. This keeps a
/// request from carrying over the addresses of a previous endpoint (e.g. after reselecting an endpoint with another CIDR).
/// </summary>
/// <remarks>Addresses held by the same connection are kept, so a refresh keeps its addresses. Wraps <see cref="StrictAddressFilter"/>.</remarks>
public sealed class StrictIpamServer : INetworkServiceServer
{
    private readonly INetworkServiceServer _inner;

    /// <summary>Creates the element.</summary>
    /// <param name="newIpam">Builds the wrapped IPAM element from the prefixes; <see langword="null"/> for <see cref="Point2PointIpamServer"/>.</param>
    /// <param name="prefixes">The CIDRs.</param>
    /// <exception cref="ArgumentException">No prefix or a malformed prefix (named in the message).</exception>
    public StrictIpamServer(Func<IReadOnlyList<string>, INetworkServiceServer>? newIpam, params string[] prefixes)
    {
        Filter = new StrictAddressFilter(IpamErrors.ParsePrefixes(prefixes, nameof(prefixes)));
        _inner = (newIpam ?? (static p => new Point2PointIpamServer([.. p])))(prefixes);
    }

    /// <summary>Creates the element around a <see cref="Point2PointIpamServer"/>.</summary>
    /// <param name="prefixes">The CIDRs.</param>
    public StrictIpamServer(params string[] prefixes)
        : this(null, prefixes)
    {
    }

    /// <summary>Gets the filter that records which connection holds which address (for inspection).</summary>
    public StrictAddressFilter Filter { get; }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var ip = IpContextLeases.EnsureIpContext(request);
        var id = IpamErrors.RequireId(request.Connection.Id);
        var dropped = new List<IpCidr>();
        DropUnacceptable(id, ip.SrcIpAddrs, dropped);
        DropUnacceptable(id, ip.DstIpAddrs, dropped);
        if (dropped.Count > 0)
        {
            IpContextLeases.RemoveWhere(ip.SrcRoutes, r => IpContextLeases.Matches(r.Prefix, dropped));
            IpContextLeases.RemoveWhere(ip.DstRoutes, r => IpContextLeases.Matches(r.Prefix, dropped));
        }

        var conn = await _inner.RequestAsync(request, context, next).ConfigureAwait(false);
        var resp = conn.Context?.IpContext;
        Filter.Commit(id, resp is null ? [] : resp.SrcIpAddrs.Concat(resp.DstIpAddrs));
        return conn;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await _inner.CloseAsync(connection, context, next).ConfigureAwait(false);
        }
        finally
        {
            Filter.Release(connection.Id ?? string.Empty);
        }
    }

    private void DropUnacceptable(string id, Google.Protobuf.Collections.RepeatedField<string> addresses, List<IpCidr> dropped)
    {
        for (int i = addresses.Count - 1; i >= 0; i--)
        {
            if (!Filter.Accepts(id, addresses[i]))
            {
                if (IpCidr.TryParse(addresses[i], out var c))
                {
                    // Routes to a dropped address are host routes.
                    dropped.Add(c.Address.ToHostCidr());
                }

                addresses.RemoveAt(i);
            }
        }
    }
}
