namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>if_type</c>; on the wire a u32.</summary>
public enum IfType : uint
{
    /// <summary><c>IF_API_TYPE_HARDWARE</c>.</summary>
    Hardware = 0,

    /// <summary><c>IF_API_TYPE_SUB</c>.</summary>
    Sub = 1,

    /// <summary><c>IF_API_TYPE_P2P</c>.</summary>
    P2p = 2,

    /// <summary><c>IF_API_TYPE_PIPE</c>.</summary>
    Pipe = 3,
}
