namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>How a segment's uplink carries its 802.1Q VLAN.</summary>
public enum VlanUplinkMode
{
    /// <summary>A real vlan link where the kernel has 8021q, otherwise BPF.</summary>
    Auto,

    /// <summary>A vlan link (<c>ip link add link DEV name X type vlan id N</c>); fails without 8021q.</summary>
    Link,

    /// <summary>
    /// A veth pair whose port end joins the bridge and tc BPF programs on its other end and on the uplink's ingress
    /// that tag and untag the VLAN's frames; the uplink's own traffic is left alone.
    /// </summary>
    Bpf,
}
