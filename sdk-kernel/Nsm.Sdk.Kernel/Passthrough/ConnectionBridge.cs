using System.Security.Cryptography;
using System.Text;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>
/// A Linux bridge that joins interfaces at L2 in an NSE's namespace: the kernel half of <see cref="KernelXconnect"/>
/// (one per connection, its two interfaces) and of <see cref="Segments.L2SegmentServer"/> (one per service, its
/// clients and uplink). The bridge has no addresses, never answers ARP (<c>arp_ignore=8</c>) and has IPv6 off; a port
/// loses the addresses the forwarder gave it when it joins, so the namespace owns no port's addresses. A passthrough's
/// bridged IP packets go through the <c>inet</c> hooks (<c>bridge-nf-call-iptables</c>, <c>-ip6tables</c>), where the ACL is.
/// </summary>
internal static class ConnectionBridge
{
    /// <summary>The bridge of a connection (or a segment): <paramref name="prefix"/> and 8 hex digits of the key's SHA-256 (15 characters at most).</summary>
    /// <param name="key">The connection id (or the segment's service).</param>
    /// <param name="prefix">The name's prefix, at most 7 characters.</param>
    /// <returns>The bridge name.</returns>
    public static string NameOf(string key, string prefix = "nsmbr-") =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    /// <summary>Creates the bridge (or keeps it); a passthrough's also turns on br_netfilter and ARP silence for the namespace.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="bridge">The bridge name.</param>
    /// <param name="passthrough">A passthrough's bridge (its ports hold addresses before they join; its packets meet the ACL).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the bridge is up.</returns>
    public static async Task EnsureAsync(NetNs ns, string bridge, bool passthrough, CancellationToken cancellationToken)
    {
        if (passthrough)
        {
            await ns.WriteSysctlAsync("net.bridge.bridge-nf-call-iptables", "1", cancellationToken).ConfigureAwait(false);
            await ns.WriteSysctlAsync("net.bridge.bridge-nf-call-ip6tables", "1", cancellationToken).ConfigureAwait(false);

            // Until a port joins, it holds an address the forwarder gave it (the far end's): answering ARP for it then
            // would teach a client this namespace's MAC for the far end, and the bridge would deliver its frames here.
            await ns.WriteSysctlAsync("net.ipv4.conf.all.arp_ignore", "8", cancellationToken).ConfigureAwait(false);
        }

        using var nl = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        if (await nl.TryGetLinkAsync(bridge, cancellationToken).ConfigureAwait(false) is null)
        {
            await nl.AddLinkAsync(new BridgeLink(bridge), cancellationToken).ConfigureAwait(false);
        }

        await ns.WriteSysctlAsync($"net.ipv4.conf.{bridge}.arp_ignore", "8", cancellationToken).ConfigureAwait(false);
        await ns.WriteSysctlAsync($"net.ipv6.conf.{bridge}.disable_ipv6", "1", cancellationToken).ConfigureAwait(false);
        await nl.SetLinkUpAsync(bridge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes an interface a port of the bridge, once it exists and is up (its forwarder has configured it).</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="bridge">The bridge name.</param>
    /// <param name="port">The interface.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>True when the interface is a port of the bridge; false when it is not there or not up yet.</returns>
    public static async Task<bool> TryJoinAsync(NetNs ns, string bridge, string port, CancellationToken cancellationToken)
    {
        using var nl = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        var link = await nl.TryGetLinkAsync(port, cancellationToken).ConfigureAwait(false);
        if (link is not { IsUp: true })
        {
            return false;
        }

        var master = await nl.GetLinkAsync(bridge, cancellationToken).ConfigureAwait(false);
        if (link.MasterIndex == master.Index)
        {
            return true;
        }

        // A port is a wire: no IPv6 of its own either (its link-local address would send router solicitations and
        // MLD reports into the bridge).
        await ns.WriteSysctlAsync($"net.ipv6.conf.{port}.disable_ipv6", "1", cancellationToken).ConfigureAwait(false);
        foreach (var address in await nl.ListAddressesAsync(port, null, cancellationToken).ConfigureAwait(false))
        {
            await nl.DeleteAddressAsync(port, address.Prefix, cancellationToken).ConfigureAwait(false);
        }

        await nl.SetMasterAsync(port, bridge, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Polls (every <paramref name="poll"/> on <paramref name="clock"/>) until <paramref name="port"/> is there and
    /// up, then makes it a port of the bridge: the forwarder of the connection creates it after the Request returned.
    /// </summary>
    /// <param name="open">Opens the namespace.</param>
    /// <param name="bridge">The bridge name.</param>
    /// <param name="port">The interface.</param>
    /// <param name="clock">The clock of the waits.</param>
    /// <param name="poll">The time between looks.</param>
    /// <param name="timeout">How long the interface may take to appear.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when joined; false when it did not appear within <paramref name="timeout"/>.</returns>
    public static async Task<bool> JoinWhenUpAsync(Func<NetNs> open, string bridge, string port, TimeProvider clock, TimeSpan poll, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var until = clock.GetUtcNow() + timeout;
        using var ns = open();
        while (!await TryJoinAsync(ns, bridge, port, cancellationToken).ConfigureAwait(false))
        {
            if (clock.GetUtcNow() >= until)
            {
                return false;
            }

            await Task.Delay(poll, clock, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Deletes the bridge (its ports stay, without it); nothing when it is gone.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="bridge">The bridge name.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the bridge is gone.</returns>
    public static async Task DeleteAsync(NetNs ns, string bridge, CancellationToken cancellationToken)
    {
        using var nl = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        await nl.DeleteLinkIfExistsAsync(bridge, cancellationToken).ConfigureAwait(false);
    }
}
