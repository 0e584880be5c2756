using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.TunnelMtu;

/// <summary>
/// For a connection that arrives through a VXLAN or WireGuard tunnel: lowers its context's MTU (and the mechanism's) to what
/// the tunnel leaves over the uplink, before the rest of the chain sizes the next interfaces, so nothing is too big to
/// cross the node network.
/// </summary>
/// <param name="uplinkMtu">The uplink's MTU.</param>
public sealed class TunnelMtuServer(int uplinkMtu) : INetworkServiceServer
{
    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.Connection is { } connection)
        {
            TunnelMtuCore.Cap(connection, connection.Mechanism, uplinkMtu);
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
