namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>l2_port_type</c>; on the wire a u32.</summary>
public enum L2PortType : uint
{
    /// <summary><c>L2_API_PORT_TYPE_NORMAL</c>.</summary>
    Normal = 0,

    /// <summary><c>L2_API_PORT_TYPE_BVI</c>.</summary>
    Bvi = 1,

    /// <summary><c>L2_API_PORT_TYPE_UU_FWD</c>.</summary>
    UuFwd = 2,
}
