namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Route and address scopes (rtm_scope / ifa_scope).</summary>
public enum RouteScope
{
    /// <summary>Global: reachable through a gateway.</summary>
    Universe = 0,

    /// <summary>Site-local (IPv6).</summary>
    Site = 200,

    /// <summary>Directly attached to the link.</summary>
    Link = 253,

    /// <summary>This host.</summary>
    Host = 254,

    /// <summary>Nowhere (used to match any scope on delete).</summary>
    Nowhere = 255,
}
