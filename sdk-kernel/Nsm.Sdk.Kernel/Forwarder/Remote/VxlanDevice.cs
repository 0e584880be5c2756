using System.Net;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>One connection's vxlan device: its pod side (namespace, name, addresses, routes) and its tunnel.</summary>
/// <param name="Interface">The pod's interface.</param>
/// <param name="Local">This node's tunnel IP.</param>
/// <param name="Remote">The peer node's tunnel IP.</param>
/// <param name="Vni">The VNI.</param>
/// <param name="Port">The UDP port.</param>
/// <param name="Mtu">The device's MTU.</param>
internal sealed record VxlanDevice(InterfacePlan Interface, IPAddress Local, IPAddress Remote, uint Vni, ushort Port, int Mtu)
{
    /// <summary>Gets what the device's alias records of the plan, so a restarted forwarder can tell its own device (same connection, same tunnel) from a stale one.</summary>
    public string Signature =>
        $"nsm vxlan {Vni} {Local}>{Remote}:{Port} mtu {Mtu} [{string.Join(',', Interface.Addresses)}] routes {Interface.Routes.Count}";

    public override string ToString() => $"vxlan {Interface.Name} (vni {Vni}, {Local} -> {Remote}:{Port}, MTU {Mtu}) in {Interface.NetNSUrl}";
}
