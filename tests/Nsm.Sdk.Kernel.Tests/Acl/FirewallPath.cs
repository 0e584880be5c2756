using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Acl;

/// <summary>
/// Three namespaces in a row: a client, a firewall that routes between its two veths (r0 towards the client, r1
/// towards the server), and a server with TCP listeners; IPv4 and IPv6 (nodad) addresses on both links.
/// </summary>
internal sealed class FirewallPath : IAsyncDisposable
{
    private readonly NetNsScope _scope = new();
    private readonly List<Socket> _sockets = [];

    public NetNs Client { get; private set; } = null!;

    public NetNs Firewall { get; private set; } = null!;

    public NetNs Server { get; private set; } = null!;

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
            await Shell.InNsAsync(ns.DisplayName, "ip", "addr", "add", v4, "dev", dev);
            await Shell.InNsAsync(ns.DisplayName, "ip", "-6", "addr", "add", v6, "dev", dev, "nodad");
        }

        await nlA.ReplaceRouteAsync(Route.DefaultVia(IPAddress.Parse("172.31.1.1"), "a0"));
        await nlC.ReplaceRouteAsync(Route.DefaultVia(IPAddress.Parse("172.31.2.1"), "c0"));
        await r.WriteSysctlAsync("net.ipv4.ip_forward", "1");
        await r.WriteSysctlAsync("net.ipv6.conf.all.forwarding", "1");
        await RouteV6Async(a, "fd31:1::1", "a0");
        await RouteV6Async(c, "fd31:2::1", "c0");
        foreach (var port in serverPorts)
        {
            path._sockets.Add(await ListenAsync(c, IPAddress.IPv6Any, port));
        }

        path._sockets.Add(await ListenAsync(a, IPAddress.IPv6Any, 8999)); // for flows the server side starts
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

    private static Task<Socket> ListenAsync(NetNs ns, IPAddress any, int port) => ns.RunInAsync(() =>
    {
        var s = new Socket(any.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        s.Bind(new IPEndPoint(any, port));
        s.Listen(64);
        return s;
    });
}
