namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>memif_role</c>; on the wire a u32.</summary>
public enum MemifRole : uint
{
    /// <summary><c>MEMIF_ROLE_API_MASTER</c>.</summary>
    Master = 0,

    /// <summary><c>MEMIF_ROLE_API_SLAVE</c>.</summary>
    Slave = 1,
}
