namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>mtu_proto</c>; on the wire a u32.</summary>
public enum MtuProto : uint
{
    /// <summary><c>MTU_PROTO_API_L3</c>.</summary>
    L3 = 0,

    /// <summary><c>MTU_PROTO_API_IP4</c>.</summary>
    Ip4 = 1,

    /// <summary><c>MTU_PROTO_API_IP6</c>.</summary>
    Ip6 = 2,

    /// <summary><c>MTU_PROTO_API_MPLS</c>.</summary>
    Mpls = 3,
}
