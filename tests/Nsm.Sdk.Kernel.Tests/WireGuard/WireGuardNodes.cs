using System.Net;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Tests.WireGuard;

/// <summary>
/// Two "node" namespaces joined by a veth (<c>uplink</c>, 192.168.79.1/24 and .2/24) and pods made on demand, all
/// removed on dispose; devices get machine-unique names and are disposed first.
/// </summary>
internal sealed class WireGuardNodes : IAsyncDisposable
{
    public static readonly IPNetwork Everything = IPNetwork.Parse("0.0.0.0/0");
    private readonly NetNsScope _scope = new();
    private readonly List<WireGuardDevice> _devices = [];
    private readonly string _prefix = "wgt" + Guid.NewGuid().ToString("N")[..6];
    private int _next;

    private WireGuardNodes(WireGuardDevicesOptions? options) => Devices = new WireGuardDevices(options);

    public WireGuardDevices Devices { get; }

    public NetNs NodeA { get; private set; } = null!;

    public NetNs NodeB { get; private set; } = null!;

    public NetlinkHandle NodeBNetlink { get; private set; } = null!;

    public static async Task<WireGuardNodes> CreateAsync(WireGuardDevicesOptions? options = null)
    {
        var nodes = new WireGuardNodes(options);
        NetlinkHandle a;
        (nodes.NodeA, a) = await nodes._scope.CreateAsync();
        (nodes.NodeB, nodes.NodeBNetlink) = await nodes._scope.CreateAsync();
        await a.AddLinkAsync(new VethLink("uplink", "uplink") { Namespace = nodes.NodeA, PeerNamespace = nodes.NodeB, Up = true });
        await nodes.NodeBNetlink.SetLinkUpAsync("uplink");
        await a.AddAddressAsync("uplink", NetlinkPrefix.Parse("192.168.79.1/24"));
        await nodes.NodeBNetlink.AddAddressAsync("uplink", NetlinkPrefix.Parse("192.168.79.2/24"));
        return nodes;
    }

    public Task<(NetNs Ns, NetlinkHandle Nl)> PodAsync() => _scope.CreateAsync();

    /// <summary>A machine-unique device name.</summary>
    public string NextName() => _prefix + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<WireGuardDevice> CreateAsync(WireGuardDeviceSpec spec)
    {
        var device = await Devices.CreateAsync(spec);
        _devices.Add(device);
        return device;
    }

    /// <summary>
    /// A pair as NSM makes it: the client side A (node A) first without a peer, the server side B (node B) with A as
    /// its peer and no endpoint, then A's peer B, at <paramref name="endpoint"/> when given; addresses .100/.101.
    /// </summary>
    public async Task<(WireGuardDevice A, WireGuardDevice B)> PairAsync(NetNs podA, NetlinkHandle nlA, NetNs podB, NetlinkHandle nlB, WireGuardKey? peerKeyOfA = null, IPEndPoint? endpoint = null)
    {
        var keyA = WireGuardKey.Generate();
        var keyB = WireGuardKey.Generate();
        var a = await CreateAsync(new WireGuardDeviceSpec(NextName(), podA.Path, "nsm-1", keyA) { UnderlayNetNs = NodeA.Path });
        var b = await CreateAsync(new WireGuardDeviceSpec(NextName(), podB.Path, "nsm-1", keyB)
        {
            UnderlayNetNs = NodeB.Path,
            Peer = new WireGuardPeer(keyA.PublicKey) { AllowedIps = [Everything] },
        });
        await a.SetPeerAsync(new WireGuardPeer(peerKeyOfA ?? b.PublicKey)
        {
            Endpoint = endpoint ?? new IPEndPoint(IPAddress.Parse("192.168.79.2"), b.ListenPort),
            AllowedIps = [Everything],
        });
        await nlA.AddAddressAsync("nsm-1", NetlinkPrefix.Parse("172.16.1.100/31"));
        await nlB.AddAddressAsync("nsm-1", NetlinkPrefix.Parse("172.16.1.101/31"));
        return (a, b);
    }

    /// <summary>Whether a wireguard-go process runs for device <paramref name="name"/>.</summary>
    public static bool WireGuardGoRuns(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (char.IsAsciiDigit(Path.GetFileName(dir)[0]) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("-f\0" + name + "\0", StringComparison.Ordinal)
                    && !File.ReadAllText(Path.Combine(dir, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process exited meanwhile.
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _devices)
        {
            await d.DisposeAsync();
        }

        await _scope.DisposeAsync();
    }
}
