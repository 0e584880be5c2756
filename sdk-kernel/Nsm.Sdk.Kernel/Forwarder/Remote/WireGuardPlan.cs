using System.Net;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>One connection's WireGuard device: its pod side, its identity, its one peer, and whether to wait for the handshake.</summary>
/// <param name="Interface">The pod's interface.</param>
/// <param name="Identity">This side's key and port.</param>
/// <param name="PeerKey">The peer's public key.</param>
/// <param name="PeerEndpoint">The peer's tunnel IP and port.</param>
/// <param name="Mtu">The device's MTU.</param>
/// <param name="WaitForHandshake">Whether the Request waits for the handshake (the client's side, which knows the server's key last).</param>
internal sealed record WireGuardPlan(InterfacePlan Interface, WireGuardIdentity Identity, WireGuardKey PeerKey, IPEndPoint PeerEndpoint, int Mtu, bool WaitForHandshake)
{
    public override string ToString() => $"wireguard {Interface.Name} (port {Identity.Port}, peer {PeerKey} at {PeerEndpoint}, MTU {Mtu}) in {Interface.NetNSUrl}";
}
