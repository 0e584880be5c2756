using Nsm.Api.NetworkService;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.AfPacket;

/// <summary>What the af_packet elements need from the forwarder: which kernel interface to attach VPP to, per connection.</summary>
public sealed class AfPacketOptions
{
    /// <summary>
    /// Gets the host (kernel) interface VPP attaches to for a connection: the forwarder-side end of the veth it made for a
    /// kernel-mechanism peer (without VPP's <c>host-</c> prefix), or null/empty when this connection needs none.
    /// </summary>
    public required Func<Connection, string?> HostInterfaceName { get; init; }

    /// <summary>Gets the MAC address the VPP interface takes (upstream: the veth end's), or null for a random one.</summary>
    public Func<Connection, MacAddress?>? HardwareAddress { get; init; }

    /// <summary>Gets the rx and tx frame size (upstream: 10240, room for jumbo frames); 0 is VPP's default.</summary>
    public uint FrameSize { get; init; } = 10240;
}
