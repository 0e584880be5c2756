using System.Globalization;
using System.Net;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Makes the nodes of <c>up --nodes N</c>: a bridge in the root namespace holding the node network's first address,
/// and per node a network namespace (<c>&lt;id&gt;-node.worker-k</c>) whose <see cref="Node.Interface"/> is one end of
/// a veth whose other end (<c>nsv&lt;id6&gt;-k</c>) is on the bridge. With one node, the node is the machine itself.
/// Every namespace and link is in the ledger before it is made, so <c>down</c> removes them even after a crash.
/// </summary>
internal sealed class NodeNetwork(Ledger ledger, NetworkNamespaces namespaces)
{
    /// <summary>The ledger kind of root-namespace links (the bridge, the veths).</summary>
    public const string LinkLedgerKind = "link";

    /// <summary>The ledger kind of a site bridge this supervisor made (removed at down once no cluster uses it).</summary>
    public const string SiteBridgeLedgerKind = "sitebridge";

    /// <summary>worker-1's interface on the site network.</summary>
    public const string SiteInterface = "site0";

    /// <summary>The root-namespace end of worker-1's site veth: <c>nss&lt;id6&gt;</c>.</summary>
    public static string SiteLinkName(string id) => "nss" + id[^6..];

    public static string NodeName(int index) => "worker-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bridge's name: <c>nsb</c> and the supervisor id's last six characters.</summary>
    public static string BridgeName(string id) => "nsb" + id[^6..];

    /// <summary>The root-namespace end of node <paramref name="index"/>'s veth: <c>nsv&lt;id6&gt;-&lt;index&gt;</c>.</summary>
    public static string HostLinkName(string id, int index) => $"nsv{id[^6..]}-{index.ToString(CultureInfo.InvariantCulture)}";

    public static string NamespaceName(string id, string node) => $"{id}-node.{node}";

    public async Task<List<Node>> CreateAsync(string id, NodeNetworkOptions options, StateLayout layout, DateTimeOffset now, CancellationToken ct)
    {
        if (options.Count == 1)
        {
            return [new Node(NodeName(1), now) { Mesh = layout.Mesh }];
        }

        await CheckFreeAsync(options, ct);
        var bridge = BridgeName(id);
        ledger.Add(LinkLedgerKind, bridge);
        await IpAsync(ct, "link", "add", bridge, "type", "bridge");
        await IpAsync(ct, "addr", "add", $"{options.Gateway}/{options.PrefixLength}", "dev", bridge);
        await IpAsync(ct, "link", "set", bridge, "up");
        var nodes = new List<Node>();
        for (var k = 1; k <= options.Count; k++)
        {
            var name = NodeName(k);
            var netns = NamespaceName(id, name);
            var link = HostLinkName(id, k);
            var address = options.NodeAddress(k);
            await namespaces.CreateAsync(netns, ct);
            ledger.Add(LinkLedgerKind, link);
            await IpAsync(ct, "link", "add", link, "type", "veth", "peer", "name", Node.Interface, "netns", netns);
            await IpAsync(ct, "link", "set", link, "master", bridge, "up");
            await IpAsync(ct, "-n", netns, "addr", "add", $"{address}/{options.PrefixLength}", "dev", Node.Interface);
            await IpAsync(ct, "-n", netns, "link", "set", Node.Interface, "up");
            var mesh = layout.NodeMesh(name);
            Directory.CreateDirectory(mesh);
            nodes.Add(new Node(name, now)
            {
                NetworkNamespace = netns, Address = address, PrefixLength = options.PrefixLength, HostLink = link, Mesh = mesh,
                Site = k == 1 ? options.Site : null,
            });
        }

        if (options.Site is { } site)
        {
            await AttachSiteAsync(id, options.SiteBridge, site, nodes[0].NetworkNamespace!, ct);
        }

        return nodes;
    }

    /// <summary>
    /// Plugs worker-1 into the site network: the root bridge (made when missing),
    /// a veth <c>nss&lt;id6&gt;</c> on it whose other end is <see cref="SiteInterface"/> in worker-1 with the site address.
    /// </summary>
    private async Task AttachSiteAsync(string id, string bridge, SiteAddress site, string netns, CancellationToken ct)
    {
        // Every cluster on it lists the bridge; whichever goes down last, and finds it empty, removes it.
        ledger.Add(SiteBridgeLedgerKind, bridge);
        if (!Directory.Exists("/sys/class/net/" + bridge))
        {
            await IpAsync(ct, "link", "add", bridge, "type", "bridge");
        }

        await IpAsync(ct, "link", "set", bridge, "up");
        var link = SiteLinkName(id);
        ledger.Add(LinkLedgerKind, link);
        await IpAsync(ct, "link", "add", link, "type", "veth", "peer", "name", SiteInterface, "netns", netns);
        await IpAsync(ct, "link", "set", link, "master", bridge, "up");
        await IpAsync(ct, "-n", netns, "addr", "add", site.ToString(), "dev", SiteInterface);
        await IpAsync(ct, "-n", netns, "link", "set", SiteInterface, "up");
    }

    /// <summary>Removes the site bridge unless another cluster's veth is still on it.</summary>
    public static async Task DeleteSiteBridgeAsync(string name)
    {
        var ports = "/sys/class/net/" + name + "/brif";
        if (Directory.Exists(ports) && !Directory.EnumerateFileSystemEntries(ports).Any())
        {
            await HostTool.RunAsync("ip", ["link", "del", name]);
        }
    }

    /// <summary>Removes a root-namespace link the ledger lists (a veth takes its peer with it).</summary>
    public static async Task DeleteLinkAsync(string name)
    {
        if (Directory.Exists("/sys/class/net/" + name))
        {
            await HostTool.RunAsync("ip", ["link", "del", name]);
        }
    }

    /// <summary>Refuses a range that overlaps an address or route of the machine (another supervisor's node network too).</summary>
    private static async Task CheckFreeAsync(NodeNetworkOptions options, CancellationToken ct)
    {
        var (_, routes) = await HostTool.RunAsync("ip", ["-4", "-o", "route", "show", "table", "all"], ct);
        var (_, addresses) = await HostTool.RunAsync("ip", ["-4", "-o", "addr", "show"], ct);
        var taken = routes.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.Contains('/', StringComparison.Ordinal) || IPAddress.TryParse(w, out _)))
            .Concat(addresses.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "inet").Skip(1).FirstOrDefault()));
        foreach (var cidr in taken.OfType<string>())
        {
            var cut = cidr.IndexOf('/', StringComparison.Ordinal);
            var text = cut > 0 ? cidr[..cut] : cidr;
            var prefix = cut > 0 && int.TryParse(cidr[(cut + 1)..], CultureInfo.InvariantCulture, out var p) ? p : 32;
            if (IPAddress.TryParse(text, out var ip) && options.Overlaps(ip, prefix) && prefix > 0 && !IPAddress.IsLoopback(ip))
            {
                throw new InvalidOperationException($"the node network {options.Range} overlaps {cidr} on this machine; choose another with --node-network");
            }
        }
    }

    private static async Task IpAsync(CancellationToken ct, params string[] args)
    {
        var (code, output) = await HostTool.RunAsync("ip", args, ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {output.Trim()}");
        }
    }
}
