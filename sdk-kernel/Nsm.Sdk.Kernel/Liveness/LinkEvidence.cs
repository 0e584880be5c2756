using System.Net;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Liveness;

/// <summary>What the kernel knows of a connection's interface and its first hop, read over netlink.</summary>
/// <param name="LinkIndex">The interface index, or 0 when the interface is missing.</param>
/// <param name="LinkUsable">Whether the interface exists, is up and has its carrier (for veth: the peer is up).</param>
/// <param name="NeighborAlive">
/// Whether the first hop's neighbour entry is a learnt one the kernel holds as valid (REACHABLE, STALE, DELAY or
/// PROBE); static entries (PERMANENT, NOARP) prove nothing and count as alive only with a usable link.
/// </param>
/// <param name="FirstHop">The first hop's neighbour entry, when there is one.</param>
internal readonly record struct LinkEvidence(int LinkIndex, bool LinkUsable, bool NeighborAlive, Neighbor? FirstHop = null)
{
    private const NeighborState Learnt = NeighborState.Reachable | NeighborState.Stale | NeighborState.Delay | NeighborState.Probe;
    private const NeighborState Static = NeighborState.Permanent | NeighborState.NoArp;

    /// <summary>Reads the interface and the neighbour entry of <paramref name="firstHop"/> on it.</summary>
    /// <param name="netlink">A handle in the connection's namespace.</param>
    /// <param name="interfaceName">The connection's interface.</param>
    /// <param name="firstHop">The address the interface reaches first (the destination on a point-to-point link).</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <returns>The evidence.</returns>
    public static async Task<LinkEvidence> ReadAsync(NetlinkHandle netlink, string interfaceName, IPAddress firstHop, CancellationToken cancellationToken)
    {
        var link = await netlink.TryGetLinkAsync(interfaceName, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return new LinkEvidence(0, false, false);
        }

        var usable = link.IsUp && link.IsLowerUp && link.OperState is LinkOperState.Up or LinkOperState.Unknown;
        if (!usable)
        {
            return new LinkEvidence(link.Index, false, false);
        }

        var neighbors = await netlink.ListNeighborsAsync(interfaceName, cancellationToken).ConfigureAwait(false);
        var entry = neighbors.FirstOrDefault(n => n.Address.Equals(firstHop));
        var alive = entry is not null
            ? (entry.State & (Learnt | Static)) != 0
            : neighbors.Any(n => (n.State & Learnt) != 0);
        return new LinkEvidence(link.Index, true, alive, entry);
    }
}
