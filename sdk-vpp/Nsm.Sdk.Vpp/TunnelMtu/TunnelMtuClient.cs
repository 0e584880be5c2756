using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.TunnelMtu;

/// <summary>
/// Towards a next hop behind a VXLAN or WireGuard tunnel: offers each tunnel preference with the MTU the tunnel leaves over
/// the uplink, and when a tunnel was chosen lowers the answered connection's MTU to it, so the interfaces made on the way
/// back (the caller's) fit the node network.
/// </summary>
/// <param name="uplinkMtu">The uplink's MTU.</param>
public sealed class TunnelMtuClient(int uplinkMtu) : INetworkServiceClient
{
    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var preference in request.MechanismPreferences)
        {
            if (TunnelMtuCore.Limit(preference, uplinkMtu) is { } limit)
            {
                TunnelMtuCore.CapParameter(preference, limit);
            }
        }

        var connection = await next.RequestAsync(request, context);
        TunnelMtuCore.Cap(connection, connection.Mechanism, uplinkMtu);
        return connection;
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
