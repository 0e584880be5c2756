namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>af_packet_flags</c> flags; on the wire a u32.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
public enum AfPacketFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>AF_PACKET_API_FLAG_QDISC_BYPASS</c>.</summary>
    QdiscBypass = 1,

    /// <summary><c>AF_PACKET_API_FLAG_CKSUM_GSO</c>.</summary>
    CksumGso = 2,

    /// <summary><c>AF_PACKET_API_FLAG_VERSION_2</c>.</summary>
    Version2 = 8,
}
#pragma warning restore CA1711
