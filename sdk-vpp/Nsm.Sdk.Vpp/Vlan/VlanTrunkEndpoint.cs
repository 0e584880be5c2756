using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.Mechanisms.Vlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.IpAddress;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Sdk.Vpp.Routes;
using Nsm.Sdk.Vpp.Up;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Ip;

namespace Nsm.Sdk.Vpp.Vlan;

/// <summary>
/// The server elements of upstream's cmd-nse-vlan-vpp: the KERNEL mechanism with one fixed interface name for every client
/// (<see cref="VlanTrunkServer.TrunkName"/>), a VLAN per client where the forwarder supports it (<see cref="KernelVlanServer"/>),
/// then, once the trunk is there (<see cref="KernelAttachServer"/>), its af_packet parent and the client's sub-interface
/// (<see cref="VlanTrunkServer"/>), admin up, the NSE's addresses on it and routes to the client's addresses through it.
/// </summary>
public static class VlanTrunkEndpoint
{
    /// <summary>Gets the messages of both of cmd/nse-vlan-vpp's data paths (this trunk and <see cref="VppSegmentEndpoint"/>), for the CRC check.</summary>
    public static IReadOnlyList<VppMessageRef> Messages { get; } =
    [
        .. VppSegmentEndpoint.Messages,
        VppMessageRef.Of<IpRouteAddDel>(), VppMessageRef.Of<IpRouteAddDelReply>(),
    ];

    /// <summary>Gets the mechanism element and what it runs on the trunk.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="netNSUrl">The NSE's namespace as the KERNEL mechanism names it.</param>
    /// <param name="trunkName">The trunk's interface name.</param>
    /// <param name="attach">How to wait for the trunk; defaults when null.</param>
    /// <param name="logger">Logs clean-up failures and background attaches.</param>
    /// <returns>The element (a <see cref="MechanismsServer"/>).</returns>
    public static INetworkServiceServer Server(IVppApi vpp, string netNSUrl, string trunkName, KernelAttachOptions? attach, ILogger logger) =>
        new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [KernelMechanism.MechanismType] = new NetworkServiceServerChain(
                new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = netNSUrl, InterfaceName = trunkName }),
                new KernelVlanServer(),
                new KernelAttachServer(
                    new NetworkServiceServerChain(new RoutesServer(vpp), new IpAddressServer(vpp), new UpServer(vpp), new VlanTrunkServer(vpp, logger)),
                    attach,
                    logger)),
        });
}
