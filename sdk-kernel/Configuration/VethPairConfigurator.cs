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

    private static async Task<LinkInfo> ConfigureEndAsync(NetlinkHandle nl, VethEndConfig end, CancellationToken cancellationToken)
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
