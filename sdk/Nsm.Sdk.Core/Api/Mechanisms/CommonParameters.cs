namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Mechanism parameter keys shared between mechanism types (Go package <c>mechanisms/common</c>).</summary>
public static class CommonParameters
{
    /// <summary>Source (client-side) tunnel IP, IP text.</summary>
    public const string SrcIP = "src_ip";

    /// <summary>Destination (server-side) tunnel IP, IP text.</summary>
    public const string DstIP = "dst_ip";

    /// <summary>Source port, decimal uint16; invalid or missing reads as 0.</summary>
    public const string SrcPort = "src_port";

    /// <summary>Destination port, decimal uint16.</summary>
    public const string DstPort = "dst_port";

    /// <summary>Original source IP before NAT or IP swapping.</summary>
    public const string SrcOriginalIP = "orig_src_ip";

    /// <summary>Original destination IP before NAT or IP swapping.</summary>
    public const string DstOriginalIP = "orig_dst_ip";

    /// <summary>Network namespace inode (legacy key).</summary>
    public const string NetNSInodeKey = "netnsInode";

    /// <summary>Interface name.</summary>
    public const string InterfaceNameKey = "name";

    /// <summary><c>file://&lt;path&gt;</c> or <c>inode://&lt;dev&gt;/&lt;ino&gt;</c> URL of a file passed between processes.</summary>
    public const string InodeUrl = "inodeURL";

    /// <summary>PCI address (SR-IOV).</summary>
    public const string PciAddressKey = "pciAddress";

    /// <summary>SR-IOV device token id.</summary>
    public const string DeviceTokenIdKey = "tokenID";

    /// <summary>MTU, decimal uint32; invalid reads as 0.</summary>
    public const string Mtu = "MTU";
}
