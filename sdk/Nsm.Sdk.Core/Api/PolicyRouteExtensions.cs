using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api;

/// <summary>Port-range accessors for <see cref="PolicyRoute"/>.</summary>
public static class PolicyRouteExtensions
{
    /// <summary>Parses <c>dst_port</c>; null means "no range". Throws <see cref="FormatException"/> when malformed.</summary>
    /// <param name="policy">The policy route.</param>
    public static PortRange? GetDstPortRange(this PolicyRoute policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return PortRange.Parse(policy.DstPort);
    }

    /// <summary>Parses <c>src_port</c>; null means "no range". Throws <see cref="FormatException"/> when malformed.</summary>
    /// <param name="policy">The policy route.</param>
    public static PortRange? GetSrcPortRange(this PolicyRoute policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return PortRange.Parse(policy.SrcPort);
    }
}
