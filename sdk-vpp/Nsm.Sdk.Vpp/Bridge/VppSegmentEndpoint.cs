using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.AfPacket;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Passthrough;
using Nsm.Sdk.Vpp.Up;
using Nsm.Vpp;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.Bridge;

/// <summary>
/// The server elements of an L2 NSE on its own VPP (the guide's L2 service with <c>NSM_VLAN_ID</c>): the KERNEL mechanism
/// (the interface the caller's forwarder makes in this namespace), VPP attached to it with af_packet once it is there
/// (<see cref="KernelAttachServer"/>), admin up, and the interface put into the service's bridge domain
/// (<see cref="VppBridgeServer"/>), which also holds the uplink's VLAN sub-interface.
/// </summary>
public static class VppSegmentEndpoint
{
    /// <summary>Gets the messages these elements send and receive (for the connection's CRC check).</summary>
    public static IReadOnlyList<VppMessageRef> Messages { get; } =
    [
        .. VppPassthroughMessages.All,
        VppMessageRef.Of<BridgeDomainAddDelV2>(), VppMessageRef.Of<BridgeDomainAddDelV2Reply>(),
        VppMessageRef.Of<SwInterfaceSetL2Bridge>(), VppMessageRef.Of<SwInterfaceSetL2BridgeReply>(),
    ];

    /// <summary>Gets the mechanism element and what it runs on the incoming interface.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="segments">The bridge domains.</param>
    /// <param name="netNSUrl">The NSE's namespace as the KERNEL mechanism names it.</param>
    /// <param name="attach">How to wait for the incoming interface; defaults when null.</param>
    /// <param name="logger">Logs clean-up failures and background attaches.</param>
    /// <returns>The element (a <see cref="MechanismsServer"/>).</returns>
    public static INetworkServiceServer Server(IVppApi vpp, VppBridgeSegments segments, string netNSUrl, KernelAttachOptions? attach, ILogger logger) =>
        new MechanismsServer(new Dictionary<string, INetworkServiceServer>
        {
            [KernelMechanism.MechanismType] = new NetworkServiceServerChain(
                new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = netNSUrl }),
                new KernelAttachServer(
                    new NetworkServiceServerChain(
                        new VppBridgeServer(vpp, segments),
                        new UpServer(vpp),
                        new AfPacketServer(vpp, new AfPacketOptions { HostInterfaceName = c => KernelMechanism.ToMechanism(c.Mechanism)?.InterfaceName })),
                    attach,
                    logger)),
        });
}
