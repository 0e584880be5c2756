using System.Collections.Immutable;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Common.Mechanisms.Remote;

/// <summary>
/// Which REMOTE mechanisms a forwarder offers for a payload, and in what order (upstream's
/// <c>NSM_MECHANISM_PRIORITY</c>): VXLAN carries both payloads, WIREGUARD only IP (as upstream's payload rules,
/// except that VXLAN also carries IP here, so an IP connection has a fallback when WireGuard is not available).
/// </summary>
public static class RemoteMechanismPriority
{
    /// <summary>Gets the default order: WireGuard first (upstream prefers it for IP), VXLAN for ETHERNET and as the fallback.</summary>
    public static ImmutableArray<string> Default { get; } = [WireguardMechanism.MechanismType, VxlanMechanism.MechanismType];

    /// <summary>Gets the REMOTE mechanism types a priority list may name.</summary>
    public static ImmutableArray<string> Known { get; } = [WireguardMechanism.MechanismType, VxlanMechanism.MechanismType];

    /// <summary>Whether <paramref name="type"/> can carry <paramref name="payload"/> (an empty payload is IP, the registry's default).</summary>
    /// <param name="type">The mechanism type.</param>
    /// <param name="payload">The connection's payload.</param>
    /// <returns>True when the mechanism carries the payload.</returns>
    public static bool Carries(string type, string? payload)
    {
        var ip = string.IsNullOrEmpty(payload) || string.Equals(payload, Payloads.IP, StringComparison.Ordinal);
        return type switch
        {
            VxlanMechanism.MechanismType => true,
            WireguardMechanism.MechanismType => ip,
            _ => false,
        };
    }

    /// <summary>The types to offer for a payload: <paramref name="priority"/> filtered by payload and by what is available.</summary>
    /// <param name="priority">The configured order.</param>
    /// <param name="payload">The connection's payload.</param>
    /// <param name="available">The types this forwarder can build.</param>
    /// <returns>The offer, best first.</returns>
    public static IReadOnlyList<string> Offer(IReadOnlyList<string> priority, string? payload, IReadOnlySet<string> available)
    {
        ArgumentNullException.ThrowIfNull(priority);
        ArgumentNullException.ThrowIfNull(available);
        return [.. priority.Where(t => available.Contains(t) && Carries(t, payload)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Parses a comma list such as <c>WIREGUARD,VXLAN</c> (case-insensitive); empty gives <see cref="Default"/>.</summary>
    /// <param name="text">The list.</param>
    /// <returns>The order.</returns>
    /// <exception cref="FormatException">An entry is not a known REMOTE mechanism or appears twice.</exception>
    public static ImmutableArray<string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var type = item.ToUpperInvariant();
            if (!Known.Contains(type))
            {
                throw new FormatException($"'{item}' is not a remote mechanism this forwarder knows ({string.Join(", ", Known)})");
            }

            if (result.Contains(type))
            {
                throw new FormatException($"'{item}' appears twice");
            }

            result.Add(type);
        }

        return result.Count == 0 ? Default : result.ToImmutable();
    }

    /// <summary>
    /// The bytes a tunnel adds to each packet: VXLAN 50 (IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14) or 70 over IPv6,
    /// the kernel's own vxlan overhead; WireGuard 60 or 80 (as upstream).
    /// </summary>
    /// <param name="type">The mechanism type.</param>
    /// <param name="ipv6">Whether the tunnel runs over IPv6.</param>
    /// <returns>The overhead in bytes (0 for other types).</returns>
    public static int Overhead(string type, bool ipv6) => type switch
    {
        VxlanMechanism.MechanismType => ipv6 ? 70 : 50,
        WireguardMechanism.MechanismType => ipv6 ? 80 : 60,
        _ => 0,
    };
}
