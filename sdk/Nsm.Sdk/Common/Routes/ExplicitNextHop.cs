using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Common.Routes;

/// <summary>
/// Fills in the next hop of routes that have none, as dataplanes need it: a src route gets the first dst address of its
/// family, a dst route the first src address, unless the route's prefix lies inside those addresses' networks. Built on
/// <see cref="IPContextExtensions.GetSrcRoutesWithExplicitNextHop"/> and <see cref="IPContextExtensions.GetDstRoutesWithExplicitNextHop"/>.
/// </summary>
public static class ExplicitNextHop
{
    /// <summary>Rewrites <c>src_routes</c> and <c>dst_routes</c> of <paramref name="ipContext"/> in place with explicit next hops.</summary>
    /// <param name="ipContext">The IP context; nothing happens when it is <see langword="null"/>.</param>
    public static void Apply(IPContext? ipContext)
    {
        if (ipContext is null)
        {
            return;
        }

        var src = ipContext.GetSrcRoutesWithExplicitNextHop();
        var dst = ipContext.GetDstRoutesWithExplicitNextHop();
        ipContext.SrcRoutes.Clear();
        ipContext.SrcRoutes.Add(src);
        ipContext.DstRoutes.Clear();
        ipContext.DstRoutes.Add(dst);
    }

    /// <summary>Returns a copy of <paramref name="ipContext"/> with explicit next hops; the original is not changed.</summary>
    /// <param name="ipContext">The IP context.</param>
    /// <returns>The copy.</returns>
    public static IPContext WithExplicitNextHops(IPContext ipContext)
    {
        ArgumentNullException.ThrowIfNull(ipContext);
        var copy = ipContext.Clone();
        Apply(copy);
        return copy;
    }
}
