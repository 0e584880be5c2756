using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SwapIp;

/// <summary>
/// Upstream's <c>swapip</c> server (nsmgr-proxy): NAT for the addresses of remote mechanisms between clusters whose
/// node addresses are internal, from an internal → external <see cref="IpMap"/>.
/// <list type="bullet">
/// <item>On the source side (a tunnel mechanism without <c>orig_src_ip</c>): <c>src_ip</c> := its external address,
/// the original kept in <c>orig_src_ip</c>; the response gets the original <c>src_ip</c> back.</item>
/// <item>On the remote side: <c>dst_ip</c> and <c>orig_dst_ip</c> are removed from the request (the remote forwarder
/// sets its own); on the response <c>dst_ip</c> := the external address of the chosen one, <c>orig_dst_ip</c> := the
/// internal one.</item>
/// </list>
/// Close passes through (forwarders find a connection's tunnel by its id). Unlike upstream, an address the map does
/// not name stays as it is (upstream blanks it).
/// </summary>
/// <remarks>Chain placement: nsmgr-proxy, after discover, before connect (with <see cref="SwapIpClient"/> in the connect client).</remarks>
/// <param name="map">The map now (e.g. <see cref="IpMapFile.Current"/>); asked once per Request.</param>
public sealed class SwapIpServer(Func<IpMap> map) : INetworkServiceServer
{
    private readonly Func<IpMap> _map = map ?? throw new ArgumentNullException(nameof(map));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var map = _map();
        var outgoing = request.Clone();
        var source = SwapIpMechanisms.SwapSource(outgoing, map, context);
        SwapIpMechanisms.ClearDestination(outgoing);
        var conn = await next.RequestAsync(outgoing, context).ConfigureAwait(false);
        return source ? SwapIpMechanisms.RestoreSource(conn) : SwapIpMechanisms.SwapDestination(conn, map, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
