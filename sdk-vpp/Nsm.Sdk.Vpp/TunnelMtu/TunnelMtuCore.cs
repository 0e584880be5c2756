using System.Globalization;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Vpp.TunnelMtu;

/// <summary>
/// The MTU a tunnel leaves to the connection (upstream's <c>vxlan/mtu</c> and <c>wireguard/mtu</c>): the uplink's MTU less
/// the encapsulation (VXLAN 54 bytes over IPv4, 74 over IPv6; WireGuard 60 and 80).
/// </summary>
internal static class TunnelMtuCore
{
    public static uint? Limit(Mechanism? mechanism, int uplinkMtu)
    {
        var ipv6 = mechanism?.Parameters.TryGetValue(CommonParameters.SrcIP, out var src) == true && src.Contains(':', StringComparison.Ordinal);
        var overhead = mechanism?.Type switch
        {
            VxlanMechanism.MechanismType => ipv6 ? 74 : 54,
            WireguardMechanism.MechanismType => ipv6 ? 80 : 60,
            _ => (int?)null,
        };
        return overhead is { } o && uplinkMtu > o ? (uint)(uplinkMtu - o) : null;
    }

    /// <summary>Lowers the mechanism's MTU parameter and the connection context's MTU to the tunnel's limit.</summary>
    public static void Cap(Connection connection, Mechanism? mechanism, int uplinkMtu)
    {
        if (Limit(mechanism, uplinkMtu) is not { } limit)
        {
            return;
        }

        CapParameter(mechanism!, limit);
        connection.Context ??= new ConnectionContext();
        if (connection.Context.MTU == 0 || connection.Context.MTU > limit)
        {
            connection.Context.MTU = limit;
        }
    }

    public static void CapParameter(Mechanism mechanism, uint limit)
    {
        if (!mechanism.Parameters.TryGetValue(CommonParameters.Mtu, out var text) || !uint.TryParse(text, CultureInfo.InvariantCulture, out var mtu) || mtu == 0 || mtu > limit)
        {
            mechanism.Parameters[CommonParameters.Mtu] = limit.ToString(CultureInfo.InvariantCulture);
        }
    }
}
