namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>RFC 2863 operational state of a link (IFLA_OPERSTATE).</summary>
public enum LinkOperState
{
    /// <summary>Unknown (e.g. loopback, some virtual devices).</summary>
    Unknown = 0,

    /// <summary>Not present.</summary>
    NotPresent = 1,

    /// <summary>Down.</summary>
    Down = 2,

    /// <summary>Down because a lower layer (e.g. the veth peer) is down.</summary>
    LowerLayerDown = 3,

    /// <summary>Testing.</summary>
    Testing = 4,

    /// <summary>Dormant.</summary>
    Dormant = 5,

    /// <summary>Up and able to pass packets.</summary>
    Up = 6,
}
