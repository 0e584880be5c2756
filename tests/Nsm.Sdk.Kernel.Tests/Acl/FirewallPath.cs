using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Acl;

/// <summary>
/// Three namespaces in a row: a client, a firewall with two veths (r0 towards the client, r1 towards the server),
/// and a server with TCP listeners. Routed (<see cref="CreateAsync"/>): the firewall routes between two subnets,
/// IPv4 and IPv6 (nodad) on both links. Bridged (<see cref="CreateBridgedAsync"/>): as NSM's forwarders leave a
/// passthrough NSE: client and server share one subnet, r1 has the client's addresses and r0 (created later by
/// <see cref="AddIncomingAsync"/>, as the caller's forwarder does after the Request returned) the server's.
/// </summary>
internal sealed class FirewallPath : IAsyncDisposable
{
    private readonly NetNsScope _scope = new();
    private readonly List<Socket> _sockets = [];

    public NetNs Client { get; private set; } = null!;

    public NetNs Firewall { get; private set; } = null!;

    public NetNs Server { get; private set; } = null!;

    /// <summary>The MTU of the veths (0: the kernel's).</summary>
    public int Mtu { get; private set; }

    /// <summary>The bridged path without r0 (see <see cref="AddIncomingAsync"/>): c0 172.31.4.1, fd31:4::1 and r1 with the client's addresses.</summary>
    public static Task<FirewallPath> CreateBridgedAsync(params int[] serverPorts) => CreateBridgedWithMtuAsync(0, serverPorts);

    /// <summary>The bridged path with veths of MTU <paramref name="mtu"/> (0: the kernel's).</summary>
    public static async Task<FirewallPath> CreateBridgedWithMtuAsync(int mtu, params int[] serverPorts)
    {
        var path = new FirewallPath { Mtu = mtu };
        var (a, _) = await path._scope.CreateAsync();
        var (r, nlR) = await path._scope.CreateAsync();
        var (c, nlC) = await path._scope.CreateAsync();
        (path.Client, path.Firewall, path.Server) = (a, r, c);
        await nlC.AddLinkAsync(new VethLink("c0", "r1") { Namespace = c, PeerNamespace = r, Up = true, Mtu = mtu > 0 ? mtu : null });
        await AddressAsync(c, "c0", "172.31.4.1/24", "fd31:4::1/64");
        await AddressAsync(r, "r1", "172.31.4.2/32", "fd31:4::2/128");
        await nlR.SetLinkUpAsync("r1");
        await path.ListenAsync(serverPorts);
        return path;
    }

    /// <summary>Creates a0 (client, 172.31.4.2/24) with its peer r0 in the firewall (the server's addresses), both up.</summary>
    public async Task AddIncomingAsync()
    {
        using var nlA = await Client.OpenNetlinkAsync();
        await nlA.AddLinkAsync(new VethLink("a0", "r0") { Namespace = Client, PeerNamespace = Firewall, Up = true, Mtu = Mtu > 0 ? Mtu : null });
        await AddressAsync(Client, "a0", "172.31.4.2/24", "fd31:4::2/64");
        await AddressAsync(Firewall, "r0", "172.31.4.1/32", "fd31:4::1/128");
        using var nlR = await Firewall.OpenNetlinkAsync();
        await nlR.SetLinkUpAsync("r0");
    }

    public static async Task<FirewallPath> CreateAsync(params int[] serverPorts)
    {
        var path = new FirewallPath();
        var (a, nlA) = await path._scope.CreateAsync();
        var (r, nlR) = await path._scope.CreateAsync();
        var (c, nlC) = await path._scope.CreateAsync();
        (path.Client, path.Firewall, path.Server) = (a, r, c);
        await nlA.AddLinkAsync(new VethLink("a0", "r0") { Namespace = a, PeerNamespace = r, Up = true });
        await nlR.SetLinkUpAsync("r0");
        await nlC.AddLinkAsync(new VethLink("c0", "r1") { Namespace = c, PeerNamespace = r, Up = true });
        await nlR.SetLinkUpAsync("r1");
        foreach (var (ns, dev, v4, v6) in new[]
        {
            (a, "a0", "172.31.1.2/24", "fd31:1::2/64"), (r, "r0", "172.31.1.1/24", "fd31:1::1/64"),
            (r, "r1", "172.31.2.1/24", "fd31:2::1/64"), (c, "c0", "172.31.2.2/24", "fd31:2::2/64"),
        })
        {
            await AddressAsync(ns, dev, v4, v6);
        }

        await nlA.ReplaceRouteAsync(Route.DefaultVia(IPAddress.Parse("172.31.1.1"), "a0"));
        await nlC.ReplaceRouteAsync(Route.DefaultVia(IPAddress.Parse("172.31.2.1"), "c0"));
        await r.WriteSysctlAsync("net.ipv4.ip_forward", "1");
        await r.WriteSysctlAsync("net.ipv6.conf.all.forwarding", "1");
        await RouteV6Async(a, "fd31:1::1", "a0");
        await RouteV6Async(c, "fd31:2::1", "c0");
        await path.ListenAsync(serverPorts);
        if (serverPorts.Length > 0)
        {
            // IPv6 needs the links up and neighbours resolvable: wait (bounded) until both families connect.
            for (var i = 0; i < 50 && !(await ConnectsAsync(a, "172.31.2.2", serverPorts[0], 200) && await ConnectsAsync(a, "fd31:2::2", serverPorts[0], 200)); i++)
            {
                await Task.Delay(100);
            }
        }

        return path;
    }

    /// <summary>Whether a TCP connection from <paramref name="from"/> to the address completes within the timeout.</summary>
    public static async Task<bool> ConnectsAsync(NetNs from, string address, int port, int timeoutMs = 1500)
    {
        var ip = IPAddress.Parse(address);
        using var socket = await from.RunInAsync(() => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ip, port), timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RouteV6Async(NetNs ns, string gateway, string device)
    {
        for (var i = 0; ; i++)
        {
            var (exit, _, error) = await Shell.InNsAsync(ns.DisplayName, "ip", "-6", "route", "replace", "default", "via", gateway, "dev", device);
            if (exit == 0)
            {
                return;
            }

            Assert.True(i < 50, $"ip -6 route replace default via {gateway} dev {device}: {error}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sockets)
        {
            s.Dispose();
        }

        await _scope.DisposeAsync();
    }

    private static async Task AddressAsync(NetNs ns, string dev, string v4, string v6)
    {
        await Shell.InNsAsync(ns.DisplayName, "ip", "addr", "add", v4, "dev", dev);
        await Shell.InNsAsync(ns.DisplayName, "ip", "-6", "addr", "add", v6, "dev", dev, "nodad");
    }

    private async Task ListenAsync(int[] serverPorts)
    {
        foreach (var port in serverPorts)
        {
            _sockets.Add(await ListenAsync(Server, IPAddress.IPv6Any, port));
        }

        _sockets.Add(await ListenAsync(Client, IPAddress.IPv6Any, 8999)); // for flows the server side starts
    }

    private static Task<Socket> ListenAsync(NetNs ns, IPAddress any, int port) => ns.RunInAsync(() =>
    {
        var s = new Socket(any.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        s.Bind(new IPEndPoint(any, port));
        s.Listen(64);
        return s;
    });
}
