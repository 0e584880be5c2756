using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Configuration;

/// <summary>
/// Builds and removes a configured veth pair for the kernel forwarder: one RTM_NEWLINK creates both ends
/// directly in their namespaces with their final names and MTU (no moves), then each side gets its
/// addresses, is brought up, and gets its routes and static neighbours. Inputs are plain records, no NSM types.
/// </summary>
public static class VethPairConfigurator
{
    /// <summary>Creates and configures the pair. On failure everything created so far is removed again.</summary>
    /// <param name="config">The pair.</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    /// <returns>The state of both ends after configuration.</returns>
    public static async Task<(LinkInfo Client, LinkInfo Forwarder)> CreateAsync(VethPairConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var client = await config.Client.Namespace.OpenNetlinkAsync(cancellationToken);
        using var forwarder = await config.Forwarder.Namespace.OpenNetlinkAsync(cancellationToken);
        await client.AddLinkAsync(
            new VethLink(config.Client.Name, config.Forwarder.Name)
            {
                Namespace = config.Client.Namespace,
                PeerNamespace = config.Forwarder.Namespace,
                Mtu = config.Mtu > 0 ? config.Mtu : null,
            },
            cancellationToken);
        try
        {
            var c = await ConfigureEndAsync(client, config.Client, cancellationToken);
            var f = await ConfigureEndAsync(forwarder, config.Forwarder, cancellationToken);
            return (c, f);
        }
        catch
        {
            await client.DeleteLinkIfExistsAsync(config.Client.Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Removes the pair (deleting one end deletes both). Missing interfaces or a vanished client namespace are
    /// not errors: the forwarder end is then deleted instead, if it is still there.
    /// </summary>
    /// <param name="config">The pair as it was created.</param>
    /// <param name="cancellationToken">Cancels waiting for the handles.</param>
    /// <returns>True if an interface was deleted.</returns>
    public static async Task<bool> RemoveAsync(VethPairConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            using var client = await config.Client.Namespace.OpenNetlinkAsync(cancellationToken);
            if (await client.DeleteLinkIfExistsAsync(config.Client.Name, cancellationToken))
            {
                return true;
            }
        }
        catch (NetNsException)
        {
            // The client namespace is gone (its end went with it); fall through to the forwarder side.
        }

        using var forwarder = await config.Forwarder.Namespace.OpenNetlinkAsync(cancellationToken);
        return await forwarder.DeleteLinkIfExistsAsync(config.Forwarder.Name, cancellationToken);
    }

    /// <summary>
    /// Takes the pair out of use at once, without the kernel's slow delete: each end is set down (traffic stops, its
    /// routes go) and renamed to a unique temporary name, so that a new pair with the same names can be created
    /// right away. Ends that are already gone (or whose namespace is gone) are skipped. Delete the result later with
    /// <see cref="DeleteRetiredAsync"/>.
    /// </summary>
    /// <param name="config">The pair as it was created.</param>
    /// <param name="cancellationToken">Cancels waiting for the handles.</param>
    /// <returns>The renamed pair.</returns>
    public static async Task<RetiredVethPair> RetireAsync(VethPairConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = RetireEndAsync(config.Client, cancellationToken);
        var forwarder = RetireEndAsync(config.Forwarder, cancellationToken);
        return new RetiredVethPair(config, await client, await forwarder);
    }

    /// <summary>Deletes a retired pair (one end takes the other with it); ends that are gone already are skipped.</summary>
    /// <param name="retired">The pair <see cref="RetireAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels waiting for the handles.</param>
    /// <returns>True if an interface was deleted.</returns>
    public static async Task<bool> DeleteRetiredAsync(RetiredVethPair retired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(retired);
        if (retired.ClientName is { } clientName && await DeleteEndAsync(retired.Original.Client.Namespace, clientName, cancellationToken))
        {
            return true;
        }

        return retired.ForwarderName is { } forwarderName && await DeleteEndAsync(retired.Original.Forwarder.Namespace, forwarderName, cancellationToken);
    }

    /// <summary>
    /// Moves the forwarder end of an existing pair to <paramref name="target"/> (another name, another namespace, or
    /// both) and configures it there; the client end is not touched, so it keeps its interface index, addresses and
    /// routes. Used when a connection is healed onto another endpoint while its client side stays the same.
    /// </summary>
    /// <param name="current">The pair as it is.</param>
    /// <param name="target">Where and how the forwarder end should be.</param>
    /// <param name="cancellationToken">Cancels waiting for the handles.</param>
    /// <returns>The forwarder end after configuration.</returns>
    public static async Task<LinkInfo> MoveForwarderEndAsync(VethPairConfig current, VethEndConfig target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        using (var from = await current.Forwarder.Namespace.OpenNetlinkAsync(cancellationToken))
        {
            await from.SetLinkDownAsync(current.Forwarder.Name, cancellationToken);
            if (current.Forwarder.Namespace.Inode != target.Namespace.Inode)
            {
                await from.MoveToNamespaceAsync(current.Forwarder.Name, target.Namespace, target.Name, cancellationToken);
            }
            else if (current.Forwarder.Name != target.Name)
            {
                await from.RenameLinkAsync(current.Forwarder.Name, target.Name, cancellationToken);
            }
        }

        using var to = await target.Namespace.OpenNetlinkAsync(cancellationToken);
        return await ConfigureEndAsync(to, target, cancellationToken);
    }

    private static async Task<string?> RetireEndAsync(VethEndConfig end, CancellationToken cancellationToken)
    {
        try
        {
            using var nl = await end.Namespace.OpenNetlinkAsync(cancellationToken);
            await nl.SetLinkDownAsync(end.Name, cancellationToken);
            for (var attempt = 0; ; attempt++)
            {
                var temporary = RetiredNames.Next();
                try
                {
                    await nl.RenameLinkAsync(end.Name, temporary, cancellationToken);
                    return temporary;
                }
                catch (NetlinkException ex) when (ex.IsAlreadyExists && attempt < 3)
                {
                    // Another process picked the same temporary name: take the next one.
                }
            }
        }
        catch (NetlinkException ex) when (ex.IsNotFound)
        {
            return null;
        }
        catch (NetNsException)
        {
            return null; // the namespace is gone, and this end with it
        }
    }

    private static async Task<bool> DeleteEndAsync(NetNs ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var nl = await ns.OpenNetlinkAsync(cancellationToken);
            return await nl.DeleteLinkIfExistsAsync(name, cancellationToken);
        }
        catch (NetNsException)
        {
            return false;
        }
    }

    /// <summary>Gives one existing interface its addresses, alias, up state, neighbours and routes (also the macvlan path's).</summary>
    internal static async Task<LinkInfo> ConfigureEndAsync(NetlinkHandle nl, VethEndConfig end, CancellationToken cancellationToken)
    {
        foreach (var address in end.Addresses)
        {
            await nl.ReplaceAddressAsync(end.Name, address, cancellationToken);
        }

        if (end.Alias is not null)
        {
            await nl.SetAliasAsync(end.Name, end.Alias, cancellationToken);
        }

        await nl.SetLinkUpAsync(end.Name, cancellationToken);
        foreach (var neighbor in end.Neighbors)
        {
            var onThisLink = neighbor.Device.Length == 0 && neighbor.DeviceIndex == 0 ? neighbor with { Device = end.Name } : neighbor;
            await nl.ReplaceNeighborAsync(onThisLink, cancellationToken);
        }

        foreach (var route in end.Routes)
        {
            var viaThisLink = route.Device is null && route.DeviceIndex is null ? route with { Device = end.Name } : route;
            await nl.ReplaceRouteAsync(viaThisLink, cancellationToken);
        }

        return await nl.GetLinkAsync(end.Name, cancellationToken);
    }
}
