using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// A policy routing rule (<c>ip rule</c>): packets matching the selectors look up <see cref="Table"/>.
/// Used to add and delete rules and as what <see cref="NetlinkHandle.ListRulesAsync"/> returns.
/// </summary>
public sealed record RoutingRule
{
    /// <summary>The source prefix selector (<c>from</c>), or null for any.</summary>
    public NetlinkPrefix? From { get; init; }

    /// <summary>The destination prefix selector (<c>to</c>), or null for any.</summary>
    public NetlinkPrefix? To { get; init; }

    /// <summary>The table to look up.</summary>
    public int Table { get; init; }

    /// <summary>The priority (order), or null to let the kernel choose.</summary>
    public int? Priority { get; init; }

    /// <summary>The IP protocol selector (6 tcp, 17 udp, 1 icmp), or null for any.</summary>
    public int? IpProtocol { get; init; }

    /// <summary>The source port range selector, or null.</summary>
    public PortRange? SourcePorts { get; init; }

    /// <summary>The destination port range selector, or null.</summary>
    public PortRange? DestinationPorts { get; init; }

    /// <summary>The input interface selector (<c>iif</c>), or null.</summary>
    public string? InputInterface { get; init; }

    /// <summary>The output interface selector (<c>oif</c>), or null.</summary>
    public string? OutputInterface { get; init; }

    /// <summary>The firewall mark selector, or null.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>Set for an IPv6 rule without prefixes (otherwise the family follows the prefixes).</summary>
    public bool IPv6 { get; init; }

    /// <summary>The address family of the rule.</summary>
    public AddressFamily Family =>
        From?.Address.AddressFamily ?? To?.Address.AddressFamily ?? (IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Priority is { } p)
        {
            parts.Add($"{p}:");
        }

        parts.Add("from " + (From?.ToString() ?? "all"));
        AddIf(parts, "to", To?.ToString());
        AddIf(parts, "ipproto", IpProtocol?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddIf(parts, "sport", SourcePorts?.ToString());
        AddIf(parts, "dport", DestinationPorts?.ToString());
        AddIf(parts, "iif", InputInterface);
        AddIf(parts, "oif", OutputInterface);
        parts.Add($"lookup {Table}");
        return string.Join(' ', parts);

        static void AddIf(List<string> parts, string key, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{key} {value}");
            }
        }
    }
}
