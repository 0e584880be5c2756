namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>link_duplex</c>; on the wire a u32.</summary>
public enum LinkDuplex : uint
{
    /// <summary><c>LINK_DUPLEX_API_UNKNOWN</c>.</summary>
    Unknown = 0,

    /// <summary><c>LINK_DUPLEX_API_HALF</c>.</summary>
    Half = 1,

    /// <summary><c>LINK_DUPLEX_API_FULL</c>.</summary>
    Full = 2,
}
