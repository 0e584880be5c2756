using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>
/// The VPP interface (<c>sw_if_index</c>) each side of a connection uses, in the connection's metadata (upstream's
/// <c>ifindex</c>): the mechanism element that creates it stores it, the elements after it (up, MTU, addresses, routes,
/// cross-connect, ACL) read it, and its Close deletes it.
/// </summary>
public static class VppInterfaces
{
    private static readonly NsmContextKey<uint> ClientKey = new("vpp.sw-if-index.client");
    private static readonly NsmContextKey<uint> ServerKey = new("vpp.sw-if-index.server");

    /// <summary>Stores the interface of one side of the connection.</summary>
    /// <param name="context">The call context (with the connection's metadata).</param>
    /// <param name="isClient">The client side (towards the next hop) or the server side (towards the caller).</param>
    /// <param name="swIfIndex">The interface.</param>
    public static void Store(NsmContext context, bool isClient, uint swIfIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.MetadataMap(isClient).Store(Key(isClient), swIfIndex);
    }

    /// <summary>Gets the interface of one side of the connection.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="isClient">Which side.</param>
    /// <param name="swIfIndex">The interface.</param>
    /// <returns>Whether that side has one.</returns>
    public static bool TryLoad(NsmContext context, bool isClient, out uint swIfIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.MetadataMap(isClient).TryLoad(Key(isClient), out swIfIndex);
    }

    /// <summary>Forgets the interface of one side (its Close deleted it).</summary>
    /// <param name="context">The call context.</param>
    /// <param name="isClient">Which side.</param>
    /// <param name="swIfIndex">The interface that was stored.</param>
    /// <returns>Whether that side had one.</returns>
    public static bool TryLoadAndDelete(NsmContext context, bool isClient, out uint swIfIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.MetadataMap(isClient).TryLoadAndDelete(Key(isClient), out swIfIndex);
    }

    private static NsmContextKey<uint> Key(bool isClient) => isClient ? ClientKey : ServerKey;
}
