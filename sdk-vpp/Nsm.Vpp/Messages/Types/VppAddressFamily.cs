namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>address_family</c>; on the wire a u8.</summary>
#pragma warning disable CA1028 // the wire size is the enum's
public enum VppAddressFamily : byte
#pragma warning restore CA1028
{
    /// <summary><c>ADDRESS_IP4</c>.</summary>
    Ip4 = 0,

    /// <summary><c>ADDRESS_IP6</c>.</summary>
    Ip6 = 1,
}
