using System.Text.RegularExpressions;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Mesh;

/// <summary>What the kernel says about an interface in a network namespace (state, MTU, addresses, routes, its peer).</summary>
internal static partial class InterfaceProbe
{
    /// <summary>One interface's facts.</summary>
    internal sealed record Facts(string Netns, string Name, string State, string Mtu, List<string> Addresses, List<string> Routes, string? PeerNetns, string? PeerIndex);

    public static async Task<Facts?> ReadAsync(string netns, string device, CancellationToken ct)
    {
        var (code, link) = await HostTool.RunAsync("ip", ["-n", netns, "-o", "link", "show", "dev", device], ct);
        if (code != 0)
        {
            return null;
        }

        var (_, addr) = await HostTool.RunAsync("ip", ["-n", netns, "-o", "addr", "show", "dev", device], ct);
        var (_, route) = await HostTool.RunAsync("ip", ["-n", netns, "route", "show", "dev", device], ct);
        var state = StateRe().Match(link) is { Success: true } s ? s.Groups[1].Value : "?";
        var mtu = MtuRe().Match(link) is { Success: true } m ? m.Groups[1].Value : "?";
        var peer = PeerRe().Match(link);
        return new Facts(
            netns,
            device,
            state,
            mtu,
            AddrRe().Matches(addr).Select(x => x.Groups[1].Value).ToList(),
            route.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            LinkNetnsRe().Match(link) is { Success: true } ln ? ln.Groups[1].Value : null,
            peer.Success ? peer.Groups[1].Value : null);
    }

    /// <summary>The name of the interface with index <paramref name="index"/> in <paramref name="netns"/>.</summary>
    public static async Task<string?> NameOfIndexAsync(string netns, string index, CancellationToken ct)
    {
        var (code, links) = await HostTool.RunAsync("ip", ["-n", netns, "-o", "link", "show"], ct);
        return code != 0 ? null : links.Split('\n').Select(l => IndexRe().Match(l)).FirstOrDefault(m => m.Success && m.Groups[1].Value == index)?.Groups[2].Value;
    }

    [GeneratedRegex(@"state (\S+)")]
    private static partial Regex StateRe();

    [GeneratedRegex(@"mtu (\d+)")]
    private static partial Regex MtuRe();

    [GeneratedRegex(@"@if(\d+):")]
    private static partial Regex PeerRe();

    [GeneratedRegex(@"link-netns (\S+)")]
    private static partial Regex LinkNetnsRe();

    [GeneratedRegex(@"inet6? (\S+)")]
    private static partial Regex AddrRe();

    [GeneratedRegex(@"^(\d+): ([^:@]+)")]
    private static partial Regex IndexRe();
}
