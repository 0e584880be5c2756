namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>ip_neighbor_flags</c> flags; on the wire a u8.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
#pragma warning disable CA1028 // the wire size is the enum's
public enum IpNeighborFlags : byte
#pragma warning restore CA1028
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>IP_API_NEIGHBOR_FLAG_STATIC</c>.</summary>
    Static = 1,

    /// <summary><c>IP_API_NEIGHBOR_FLAG_NO_FIB_ENTRY</c>.</summary>
    NoFibEntry = 2,
}
#pragma warning restore CA1711
