namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>How a segment's uplink carries its 802.1Q VLAN.</summary>
public enum VlanUplinkMode
{
    /// <summary>A real vlan link where the kernel has 8021q, otherwise the BPF tagger.</summary>
    Auto,

    /// <summary>A vlan link (<c>ip link add link DEV name X type vlan id N</c>); fails without 8021q.</summary>
    Link,

    /// <summary>The clsact/BPF tagger (<see cref="BpfVlanTagger"/>) on the uplink itself.</summary>
    Bpf,
}
