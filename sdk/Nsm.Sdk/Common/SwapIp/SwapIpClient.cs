using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SwapIp;

/// <summary>
/// Upstream's <c>swapip</c> client (nsmgr-proxy's connect client): the source side's half of <see cref="SwapIpServer"/>.
/// A tunnel mechanism without <c>orig_src_ip</c> leaves with <c>src_ip</c> := its external address and the original in
/// <c>orig_src_ip</c>; the response gets the original <c>src_ip</c> back. Close passes through.
/// </summary>
/// <param name="map">The map now (e.g. <see cref="IpMapFile.Current"/>); asked once per Request.</param>
public sealed class SwapIpClient(Func<IpMap> map) : INetworkServiceClient
{
    private readonly Func<IpMap> _map = map ?? throw new ArgumentNullException(nameof(map));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var outgoing = request.Clone();
        var source = SwapIpMechanisms.SwapSource(outgoing, _map(), context);
        var conn = await next.RequestAsync(outgoing, context).ConfigureAwait(false);
        return source ? SwapIpMechanisms.RestoreSource(conn) : conn;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
