namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>af_packet_mode</c>; on the wire a u32.</summary>
public enum AfPacketMode : uint
{
    /// <summary><c>AF_PACKET_API_MODE_ETHERNET</c>.</summary>
    Ethernet = 1,

    /// <summary><c>AF_PACKET_API_MODE_IP</c>.</summary>
    Ip = 2,
}
