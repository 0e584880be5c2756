using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.KernelVethPair;
using Nsm.Sdk.Vpp.L2Xconnect;
using Nsm.Sdk.Vpp.L3Xconnect;
using Nsm.Sdk.Vpp.Memif;
using Nsm.Sdk.Vpp.TunnelMtu;
using Nsm.Sdk.Vpp.Up;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Sdk.Vpp.Vxlan;
using Nsm.Sdk.Vpp.WireGuard;
using Nsm.Vpp;

namespace Nsm.Cmd.ForwarderVpp;

/// <summary>
/// The VPP data-plane elements of the forwarder's chains, in upstream's order (they act after the rest of the chain
/// answered, so the list runs bottom-up: the client side's interface first, then the server side's, then the
/// cross-connect, then admin up). Server side (towards the caller), by the incoming mechanism: <c>KERNEL</c> (a veth pair
/// into the caller's namespace, VPP on its other end with af_packet), <c>MEMIF</c> (a memif VPP serves in the caller's
/// namespace), <c>VXLAN</c> (the SDK's VNI server, then the tunnel), <c>WIREGUARD</c>. Client side (towards the next
/// hop): memif, kernel, VXLAN, WireGuard and remote VLAN offers. The two sides are joined at layer 2 (ethernet payload)
/// or layer 3 (IP payload, the l3xc plugin).
/// </summary>
/// <remarks>
/// Not here yet: the uplink attachment (so VLAN connections find no uplink and fail with NotFound).
/// </remarks>
internal static class ForwarderVppChain
{
    public static IReadOnlyList<INetworkServiceServer> Server(IVppApi vpp, ForwarderVppOptions options, int uplinkMtu, ILogger logger, KernelVethPairOptions? kernel = null) =>
    [
        new UpServer(vpp),
        new L2XconnectServer(vpp),
        new L3XconnectServer(vpp),
        new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [KernelMechanism.MechanismType] = new KernelVethPairServer(vpp, kernel),
            [MemifMechanism.MechanismType] = new MemifServer(vpp, logger: logger),
            [VxlanMechanism.MechanismType] = new NetworkServiceServerChain(
                new TunnelMtuServer(uplinkMtu),
                new VniServer(new VniOptions(options.TunnelIP) { Port = options.VxlanPort }),
                new VxlanServer(vpp, logger)),
            [WireguardMechanism.MechanismType] = new NetworkServiceServerChain(
                new TunnelMtuServer(uplinkMtu),
                new WireGuardServer(vpp, options.TunnelIP, logger: logger)),
        }),
    ];

    public static IReadOnlyList<INetworkServiceClient> Client(IVppApi vpp, ForwarderVppOptions options, int uplinkMtu, ILogger logger, KernelVethPairOptions? kernel = null) =>
    [
        new UpClient(vpp),
        new MemifClient(vpp, logger),
        new KernelVethPairClient(vpp, kernel),
        new VxlanClient(vpp, options.TunnelIP, options.VxlanPort, logger),
        new WireGuardClient(vpp, options.TunnelIP, logger: logger),
        new TunnelMtuClient(uplinkMtu),
        new VlanClient(vpp, NoUplinks, logger),
    ];

    private static ValueTask<uint?> NoUplinks(string via, CancellationToken cancellationToken) => new((uint?)null);
}
