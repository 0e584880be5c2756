using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.RealVpp.Checks.Support;

/// <summary>Test "pods": named namespaces with loopback up, removed on dispose; ping and TCP between them.</summary>
public sealed class Pods : IAsyncDisposable
{
    private readonly List<NetNs> _namespaces = [];

    public async Task<NetNs> NewAsync(string prefix = "nsmvr-")
    {
        var ns = await NetNs.CreateAsync(prefix + Guid.NewGuid().ToString("N")[..6]);
        _namespaces.Add(ns);
        await RunAsync("ip", "-n", ns.DisplayName, "link", "set", "lo", "up");
        return ns;
    }

    public static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>Pings <paramref name="address"/> from <paramref name="ns"/> (3 tries, 2 s each) and asserts a reply came.</summary>
    public static async Task AssertPingAsync(NetNs ns, string address, int size = 56)
    {
        var (exit, output) = await RunAsync("ip", "netns", "exec", ns.DisplayName, "ping", "-c", "3", "-W", "2", "-s", size.ToString(System.Globalization.CultureInfo.InvariantCulture), address);
        Assert.True(exit == 0, $"ping {address} from {ns.DisplayName} failed: {output}");
    }

    /// <summary>Opens a TCP listener in <paramref name="server"/>, connects from <paramref name="client"/>, and echoes 64 KiB through it.</summary>
    public static async Task AssertTcpAsync(NetNs server, NetNs client, IPAddress address, int port = 5201)
    {
        using var listener = await server.RunInAsync(() =>
        {
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(address, port));
            s.Listen();
            return s;
        });
        using var socket = await client.RunInAsync(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        using var accepted = await accept;
        var payload = new byte[64 * 1024];
        Random.Shared.NextBytes(payload);
        var echo = Task.Run(async () =>
        {
            var buffer = new byte[payload.Length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await accepted.ReceiveAsync(buffer.AsMemory(read), timeout.Token);
                Assert.True(n > 0, "the server side closed early");
                read += n;
            }

            await accepted.SendAsync(buffer, timeout.Token);
        });
        await socket.SendAsync(payload, timeout.Token);
        var back = new byte[payload.Length];
        var got = 0;
        while (got < back.Length)
        {
            var n = await socket.ReceiveAsync(back.AsMemory(got), timeout.Token);
            Assert.True(n > 0, "the client side closed early");
            got += n;
        }

        await echo;
        Assert.Equal(payload, back);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            var name = ns.DisplayName;
            ns.Dispose();
            NetNs.Delete(name);
        }

        var (_, list) = await RunAsync("ip", "netns", "list");
        foreach (var ns in _namespaces)
        {
            Assert.DoesNotContain(ns.DisplayName, list, StringComparison.Ordinal);
        }
    }
}
