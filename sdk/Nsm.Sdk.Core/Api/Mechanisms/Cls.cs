namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Mechanism classes (<c>Mechanism.cls</c>).</summary>
public static class Cls
{
    /// <summary>Mechanisms within one node: kernel, memif, vfio.</summary>
    public const string Local = "LOCAL";

    /// <summary>Tunnels between forwarders or nodes: vxlan, wireguard, ipsec, vlan, srv6.</summary>
    public const string Remote = "REMOTE";
}
