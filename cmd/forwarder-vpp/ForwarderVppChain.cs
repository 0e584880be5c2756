using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Memif;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Sdk.Vpp.Vxlan;
using Nsm.Sdk.Vpp.WireGuard;
using Nsm.Vpp;

namespace Nsm.Cmd.ForwarderVpp;

/// <summary>
/// The VPP data-plane elements of the forwarder's chains. Server side (towards the caller), by the incoming
/// mechanism: <c>MEMIF</c> (a memif VPP serves in the caller's namespace), <c>VXLAN</c> (the SDK's VNI server, then the
/// tunnel), <c>WIREGUARD</c>. Client side (towards the next hop): memif, VXLAN, WireGuard and remote VLAN offers.
/// </summary>
/// <remarks>
/// Not here yet: the <c>KERNEL</c> mechanism (af_packet on a veth pair), admin up / MTU / addresses / routes, the
/// cross-connect of the two sides (l2/l3 xconnect) and the uplink attachment (so VLAN connections find no uplink and fail
/// with NotFound); those are separate elements of the VPP data plane that this chain takes in when they exist.
/// </remarks>
internal static class ForwarderVppChain
{
    public static IReadOnlyList<INetworkServiceServer> Server(IVppApi vpp, ForwarderVppOptions options, ILogger logger) =>
    [
        new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [MemifMechanism.MechanismType] = new MemifServer(vpp, logger: logger),
            [VxlanMechanism.MechanismType] = new NetworkServiceServerChain(
                new VniServer(new VniOptions(options.TunnelIP) { Port = options.VxlanPort }),
                new VxlanServer(vpp, logger)),
            [WireguardMechanism.MechanismType] = new WireGuardServer(vpp, options.TunnelIP, logger: logger),
        }),
    ];

    public static IReadOnlyList<INetworkServiceClient> Client(IVppApi vpp, ForwarderVppOptions options, ILogger logger) =>
    [
        new MemifClient(vpp, logger),
        new VxlanClient(vpp, options.TunnelIP, options.VxlanPort, logger),
        new WireGuardClient(vpp, options.TunnelIP, logger: logger),
        new VlanClient(vpp, NoUplinks, logger),
    ];

    private static ValueTask<uint?> NoUplinks(string via, CancellationToken cancellationToken) => new((uint?)null);
}
