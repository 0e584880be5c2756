namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>sub_if_flags</c> flags; on the wire a u32.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
public enum SubIfFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>SUB_IF_API_FLAG_NO_TAGS</c>.</summary>
    NoTags = 1,

    /// <summary><c>SUB_IF_API_FLAG_ONE_TAG</c>.</summary>
    OneTag = 2,

    /// <summary><c>SUB_IF_API_FLAG_TWO_TAGS</c>.</summary>
    TwoTags = 4,

    /// <summary><c>SUB_IF_API_FLAG_DOT1AD</c>.</summary>
    Dot1ad = 8,

    /// <summary><c>SUB_IF_API_FLAG_EXACT_MATCH</c>.</summary>
    ExactMatch = 16,

    /// <summary><c>SUB_IF_API_FLAG_DEFAULT</c>.</summary>
    Default = 32,

    /// <summary><c>SUB_IF_API_FLAG_OUTER_VLAN_ID_ANY</c>.</summary>
    OuterVlanIdAny = 64,

    /// <summary><c>SUB_IF_API_FLAG_INNER_VLAN_ID_ANY</c>.</summary>
    InnerVlanIdAny = 128,

    /// <summary><c>SUB_IF_API_FLAG_MASK_VNET</c>.</summary>
    MaskVnet = 254,

    /// <summary><c>SUB_IF_API_FLAG_DOT1AH</c>.</summary>
    Dot1ah = 256,
}
#pragma warning restore CA1711
