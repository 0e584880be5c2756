namespace Nsm.Sdk.Ipam;

/// <summary>How <see cref="PointToPointAllocator"/> assigns the two ends of each connection.</summary>
public enum PointToPointMode
{
    /// <summary>
    /// Upstream <c>point2pointipam</c>: every connection gets its own pair, the two lowest free addresses of the first
    /// prefix that has two (the lower one is the endpoint/dst side), both written as <c>/32</c> (<c>/128</c>), with host
    /// routes to each other. Every address is allocatable, including the IPv4 network and broadcast addresses, so a /31
    /// serves one connection, a /30 two, and a /32 none (exhaustion error).
    /// </summary>
    PerConnectionPair = 0,

    /// <summary>
    /// The addressing of the NSM user guide and the icmp-responder: the endpoint owns the first host address of each prefix
    /// (<c>10.100.1.1</c> for <c>10.100.1.0/24</c>), shared by all connections; clients get the next free addresses
    /// (<c>.2</c>, <c>.3</c>, ...). All addresses are written with the prefix's length (<c>10.100.1.2/24</c>); the endpoint
    /// side gets a host route to each client. For IPv4 prefixes up to /30 the network and broadcast addresses are never
    /// handed out (for IPv6 up to /126, the subnet-router anycast address). A /31 (or /127) uses both addresses: the
    /// endpoint takes the first and exactly one client the second. A /32 (or /128) cannot hold two ends and is rejected
    /// when the allocator is built.
    /// </summary>
    SharedEndpoint = 1,
}
