using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>TCP sockets made inside a named network namespace (a socket stays in the namespace it was created in).</summary>
internal static partial class NetnsTcp
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A listener on every address of <paramref name="port"/> in the namespace that accepts, counts and closes.</summary>
    public static NetnsListener Listen(string netnsPath, int port)
    {
        var socket = InNamespace(netnsPath, () => new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true });
        socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        socket.Listen(16);
        return new NetnsListener(socket);
    }

    /// <summary>Whether a TCP connection from the namespace completes within the timeout.</summary>
    public static async Task<bool> ConnectsAsync(string netnsPath, string address, int port, int timeoutMs = 2000) =>
        (await ConnectFromAsync(netnsPath, address, port, timeoutMs)).Connected;

    /// <summary>Whether a TCP connection from the namespace completes within the timeout, and the source port it was tried from.</summary>
    public static async Task<(bool Connected, int SourcePort)> ConnectFromAsync(string netnsPath, string address, int port, int timeoutMs = 2000)
    {
        var ip = IPAddress.Parse(address);
        using var socket = InNamespace(netnsPath, () => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        socket.Bind(new IPEndPoint(ip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        var sourcePort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ip, port), timeout.Token);
            return (true, sourcePort);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return (false, sourcePort);
        }
    }

    /// <summary>An HTTP GET of <paramref name="path"/> on the namespace's own loopback (e.g. a pod's metrics).</summary>
    public static async Task<string> GetAsync(string netnsPath, int port, string path, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = InNamespace(netnsPath, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}{path}"), cancellationToken);
    }

    private static Socket InNamespace(string netnsPath, Func<Socket> create)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(netnsPath);
                if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns {netnsPath}: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = create();
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join(); // the thread ends in the other namespace and is not reused
        return socket ?? throw new InvalidOperationException("no socket in " + netnsPath, error);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}

/// <summary>A TCP listener in a namespace that accepts and closes every connection, and counts them.</summary>
internal sealed class NetnsListener : IDisposable
{
    private readonly Socket _socket;
    private int _accepted;

    public NetnsListener(Socket socket)
    {
        _socket = socket;
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>Gets how many connections were accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Dispose() => _socket.Dispose();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                (await _socket.AcceptAsync()).Dispose();
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The test disposed the listener.
        }
    }
}
