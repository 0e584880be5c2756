using System.Net.NetworkInformation;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Changing an existing link: state, MTU, name, master, namespace, alias, MAC.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>Sets the link administratively up.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetLinkUpAsync(string name, CancellationToken cancellationToken = default) =>
        SetLinkAsync(name, new LinkChange("RTM_SETLINK up") { Up = true }, cancellationToken);

    /// <summary>Sets the link administratively down.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetLinkDownAsync(string name, CancellationToken cancellationToken = default) =>
        SetLinkAsync(name, new LinkChange("RTM_SETLINK down") { Up = false }, cancellationToken);

    /// <summary>Sets the MTU.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="mtu">The MTU.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetMtuAsync(string name, int mtu, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        return SetLinkAsync(name, new LinkChange($"RTM_SETLINK mtu {mtu}") { Mtu = mtu }, cancellationToken);
    }

    /// <summary>Renames the link (the kernel requires it to be down).</summary>
    /// <param name="name">The current name.</param>
    /// <param name="newName">The new name (at most 15 characters).</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task RenameLinkAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newName);
        return SetLinkAsync(name, new LinkChange("RTM_SETLINK rename") { NewName = newName }, cancellationToken);
    }

    /// <summary>Enslaves the link to <paramref name="master"/> (a bridge).</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="master">The bridge name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetMasterAsync(string name, string master, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(master);
        return CallAsync(
            (name, master),
            static (s, a) => LinkOps.Set(s, a.name, new LinkChange($"RTM_SETLINK master {a.master}") { Master = LinkOps.ResolveIndex(s, a.master) }),
            cancellationToken);
    }

    /// <summary>Releases the link from its master.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetNoMasterAsync(string name, CancellationToken cancellationToken = default) =>
        SetLinkAsync(name, new LinkChange("RTM_SETLINK nomaster") { Master = 0 }, cancellationToken);

    /// <summary>
    /// Moves the link into another namespace (slow: waits for an RCU grace period; prefer creating links in place),
    /// and, when <paramref name="newName"/> is given, renames the (down) link there in the same request.
    /// </summary>
    /// <param name="name">The interface name.</param>
    /// <param name="target">The target namespace.</param>
    /// <param name="newName">Its name in the target namespace (at most 15 characters), or <see langword="null"/> to keep it.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task MoveToNamespaceAsync(string name, NetNs target, string? newName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (newName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(newName);
        }

        return SetLinkAsync(name, new LinkChange($"RTM_SETLINK netns {target.DisplayName}") { Namespace = target, NewName = newName }, cancellationToken);
    }

    /// <summary>Sets the interface alias (IFLA_IFALIAS).</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return SetLinkAsync(name, new LinkChange("RTM_SETLINK alias") { Alias = alias }, cancellationToken);
    }

    /// <summary>Sets the MAC address.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="mac">The MAC address.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task SetMacAsync(string name, PhysicalAddress mac, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mac);
        return SetLinkAsync(name, new LinkChange("RTM_SETLINK address") { Mac = mac }, cancellationToken);
    }

    private Task SetLinkAsync(string name, LinkChange change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync((name, change), static (s, a) => LinkOps.Set(s, a.name, a.change), cancellationToken);
    }
}
