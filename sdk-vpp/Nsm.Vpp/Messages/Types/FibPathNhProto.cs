namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>fib_path_nh_proto</c>; on the wire a u32.</summary>
public enum FibPathNhProto : uint
{
    /// <summary><c>FIB_API_PATH_NH_PROTO_IP4</c>.</summary>
    Ip4 = 0,

    /// <summary><c>FIB_API_PATH_NH_PROTO_IP6</c>.</summary>
    Ip6 = 1,

    /// <summary><c>FIB_API_PATH_NH_PROTO_MPLS</c>.</summary>
    Mpls = 2,

    /// <summary><c>FIB_API_PATH_NH_PROTO_ETHERNET</c>.</summary>
    Ethernet = 3,

    /// <summary><c>FIB_API_PATH_NH_PROTO_BIER</c>.</summary>
    Bier = 4,
}
