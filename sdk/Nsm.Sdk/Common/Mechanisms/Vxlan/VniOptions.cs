using System.Net;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Common.Mechanisms.Vxlan;

/// <summary>Options of <see cref="VniClient"/> and <see cref="VniServer"/>.</summary>
public sealed class VniOptions
{
    /// <summary>Initializes the options.</summary>
    /// <param name="tunnelIP">This side's tunnel IP (client: <c>src_ip</c>; server: <c>dst_ip</c>).</param>
    public VniOptions(IPAddress tunnelIP)
    {
        ArgumentNullException.ThrowIfNull(tunnelIP);
        TunnelIP = tunnelIP;
    }

    /// <summary>Gets this side's tunnel IP.</summary>
    public IPAddress TunnelIP { get; }

    /// <summary>Gets or sets this side's VXLAN UDP port. Default 4789.</summary>
    public ushort Port { get; set; } = VxlanMechanism.DefaultPort;

    /// <summary>
    /// Gets or sets VNIs the node already uses for other connections (server only; arguments: VNI, connection id):
    /// a kernel vxlan socket tells its devices apart by VNI alone, whatever the peer, so a kernel forwarder reserves its
    /// node's VNIs here. A drawn VNI it reserves is skipped, a requested one is replaced. Default null: none.
    /// </summary>
    public Func<uint, string, bool>? IsReserved { get; set; }

    /// <summary>Gets or sets the random source of VNIs (server only). Default null: cryptographic randomness.</summary>
    public Random? Random { get; set; }
}
