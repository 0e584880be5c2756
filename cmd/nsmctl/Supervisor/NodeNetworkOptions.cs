using System.Net;
using System.Net.Sockets;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// How many nodes <c>up</c> makes and the IPv4 range of their node network: the bridge in the root namespace takes
/// the range's first address, <c>worker-k</c> the (k+1)-th (<c>172.31.213.0/24</c>: bridge .1, worker-1 .2, worker-2 .3).
/// </summary>
internal sealed record NodeNetworkOptions
{
    /// <summary>The default node network: private, away from the usual Docker/Kubernetes ranges and from 203.0.113.0/24.</summary>
    public const string DefaultRange = "172.31.213.0/24";

    public const int MaxNodes = 64;

    /// <summary>The default bridge in the root namespace that site addresses are plugged into (shared by every supervisor).</summary>
    public const string DefaultSiteBridge = "nsmsite0";

    private NodeNetworkOptions(int count, IPAddress network, int prefixLength)
    {
        Count = count;
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>Gets worker-1's address on the site network (the "internet" between clusters), or null.</summary>
    public SiteAddress? Site { get; private init; }

    /// <summary>Gets the root-namespace bridge of the site network.</summary>
    public string SiteBridge { get; private init; } = DefaultSiteBridge;

    /// <summary>Gets the names every node and pod namespace resolves locally (<c>--add-host NAME=ADDRESS</c>, /etc/hosts lines).</summary>
    public IReadOnlyList<(string Name, IPAddress Address)> HostAliases { get; private init; } = [];

    /// <summary>The supervise arguments that carry these options.</summary>
    public IEnumerable<string> Arguments()
    {
        if (Count == 1)
        {
            yield break;
        }

        foreach (var a in (string[])["--nodes", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--node-network", Range])
        {
            yield return a;
        }

        if (Site is { } site)
        {
            foreach (var a in (string[])["--site-address", site.ToString(), "--site-bridge", SiteBridge])
            {
                yield return a;
            }
        }

        foreach (var (name, address) in HostAliases)
        {
            yield return "--add-host";
            yield return $"{name}={address}";
        }
    }

    /// <summary>Adds the site network and the host aliases (<c>--site-address</c>, <c>--site-bridge</c>, <c>--add-host</c>).</summary>
    public NodeNetworkOptions WithSite(string? siteAddress, string? siteBridge, IReadOnlyList<string>? addHosts)
    {
        var site = siteAddress is { Length: > 0 } ? SiteAddress.Parse(siteAddress) : null;
        if ((site is not null || addHosts is { Count: > 0 }) && Count < 2)
        {
            throw new ManifestException("error: --site-address and --add-host need --nodes 2 or more (they belong to node namespaces)");
        }

        if (site is not null && (Contains(site.Address) || Overlaps(site.Address, site.PrefixLength)))
        {
            throw new ManifestException($"error: --site-address {site} overlaps the node network {Range}");
        }

        var bridge = siteBridge is { Length: > 0 } ? siteBridge : DefaultSiteBridge;
        if (bridge.Length > 15 || bridge.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)))
        {
            throw new ManifestException($"error: --site-bridge '{bridge}' is not an interface name");
        }

        var aliases = new List<(string, IPAddress)>();
        foreach (var entry in addHosts ?? [])
        {
            var cut = entry.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0 || Uri.CheckHostName(entry[..cut]) != UriHostNameType.Dns || !IPAddress.TryParse(entry[(cut + 1)..], out var address))
            {
                throw new ManifestException($"error: --add-host {entry}: expected NAME=ADDRESS, e.g. registry.cluster-b.example.com=172.31.214.2");
            }

            aliases.Add((entry[..cut], address));
        }

        return this with { Site = site, SiteBridge = bridge, HostAliases = aliases };
    }

    public int Count { get; }

    public IPAddress Network { get; }

    public int PrefixLength { get; }

    public string Range => $"{Network}/{PrefixLength}";

    /// <summary>Gets the bridge's address (the root namespace's address on the node network).</summary>
    public IPAddress Gateway => Offset(1);

    /// <summary>Validates and builds the options (<paramref name="range"/>: an IPv4 CIDR with room for the bridge and every node).</summary>
    public static NodeNetworkOptions Create(int count, string? range)
    {
        if (count is < 1 or > MaxNodes)
        {
            throw new ManifestException($"error: --nodes must be between 1 and {MaxNodes}, not {count}");
        }

        range = range is { Length: > 0 } ? range.Trim() : DefaultRange;
        var cut = range.IndexOf('/', StringComparison.Ordinal);
        if (cut <= 0 || !IPAddress.TryParse(range[..cut], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(range[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            throw new ManifestException($"error: --node-network {range}: expected an IPv4 CIDR such as {DefaultRange} (prefix 8 to 30)");
        }

        var hosts = (1L << (32 - prefix)) - 2;
        if (count + 1 > hosts)
        {
            throw new ManifestException($"error: --node-network {range} has room for {hosts} addresses; {count} nodes and the bridge need {count + 1}");
        }

        var mask = uint.MaxValue << (32 - prefix);
        var network = FromUInt(ToUInt(address) & mask);
        return new NodeNetworkOptions(count, network, prefix);
    }

    /// <summary>The address of node <paramref name="index"/> (1-based).</summary>
    public IPAddress NodeAddress(int index) => Offset(1 + index);

    /// <summary>Whether <paramref name="address"/> lies in the node network.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var mask = uint.MaxValue << (32 - PrefixLength);
        return (ToUInt(address) & mask) == ToUInt(Network);
    }

    /// <summary>Whether the node network overlaps <paramref name="other"/> (an address/prefix of the machine).</summary>
    public bool Overlaps(IPAddress other, int otherPrefix)
    {
        var shortest = Math.Min(PrefixLength, otherPrefix);
        var mask = shortest == 0 ? 0u : uint.MaxValue << (32 - shortest);
        return other.AddressFamily == AddressFamily.InterNetwork && (ToUInt(other) & mask) == (ToUInt(Network) & mask);
    }

    private IPAddress Offset(int n) => FromUInt(ToUInt(Network) + (uint)n);

    private static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static uint ToUInt(IPAddress a) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes());
}
