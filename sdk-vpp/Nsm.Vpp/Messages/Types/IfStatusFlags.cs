namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>if_status_flags</c> flags; on the wire a u32.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
public enum IfStatusFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>IF_STATUS_API_FLAG_ADMIN_UP</c>.</summary>
    AdminUp = 1,

    /// <summary><c>IF_STATUS_API_FLAG_LINK_UP</c>.</summary>
    LinkUp = 2,
}
#pragma warning restore CA1711
