namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>memif_mode</c>; on the wire a u32.</summary>
public enum MemifMode : uint
{
    /// <summary><c>MEMIF_MODE_API_ETHERNET</c>.</summary>
    Ethernet = 0,

    /// <summary><c>MEMIF_MODE_API_IP</c>.</summary>
    Ip = 1,

    /// <summary><c>MEMIF_MODE_API_PUNT_INJECT</c>.</summary>
    PuntInject = 2,
}
