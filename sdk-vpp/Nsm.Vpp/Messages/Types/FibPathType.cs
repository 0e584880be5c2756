namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>fib_path_type</c>; on the wire a u32.</summary>
public enum FibPathType : uint
{
    /// <summary><c>FIB_API_PATH_TYPE_NORMAL</c>.</summary>
    Normal = 0,

    /// <summary><c>FIB_API_PATH_TYPE_LOCAL</c>.</summary>
    Local = 1,

    /// <summary><c>FIB_API_PATH_TYPE_DROP</c>.</summary>
    Drop = 2,

    /// <summary><c>FIB_API_PATH_TYPE_UDP_ENCAP</c>.</summary>
    UdpEncap = 3,

    /// <summary><c>FIB_API_PATH_TYPE_BIER_IMP</c>.</summary>
    BierImp = 4,

    /// <summary><c>FIB_API_PATH_TYPE_ICMP_UNREACH</c>.</summary>
    IcmpUnreach = 5,

    /// <summary><c>FIB_API_PATH_TYPE_ICMP_PROHIBIT</c>.</summary>
    IcmpProhibit = 6,

    /// <summary><c>FIB_API_PATH_TYPE_SOURCE_LOOKUP</c>.</summary>
    SourceLookup = 7,

    /// <summary><c>FIB_API_PATH_TYPE_DVR</c>.</summary>
    Dvr = 8,

    /// <summary><c>FIB_API_PATH_TYPE_INTERFACE_RX</c>.</summary>
    InterfaceRx = 9,

    /// <summary><c>FIB_API_PATH_TYPE_CLASSIFY</c>.</summary>
    Classify = 10,
}
