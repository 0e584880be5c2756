namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>
/// The conntrack events a <see cref="ConntrackListener"/> receives (the <c>NFNLGRP_CONNTRACK_*</c> multicast groups of
/// NETLINK_NETFILTER), and the kind of one event.
/// </summary>
[Flags]
public enum ConntrackEventType
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>A flow was confirmed: its first packet left the netfilter hooks (<c>NFNLGRP_CONNTRACK_NEW</c>).</summary>
    New = 1,

    /// <summary>A flow changed state (e.g. TCP established), status or mark (<c>NFNLGRP_CONNTRACK_UPDATE</c>).</summary>
    Update = 2,

    /// <summary>A flow ended: it timed out or was deleted; its counters are final (<c>NFNLGRP_CONNTRACK_DESTROY</c>).</summary>
    Destroy = 4,
}
