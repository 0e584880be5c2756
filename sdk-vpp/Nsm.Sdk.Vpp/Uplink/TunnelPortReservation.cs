using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Vpp.Uplink;

/// <summary>
/// UDP sockets on the tunnel ports of the uplink's address, in the host's stack, that nobody reads. VPP reads the uplink
/// through af_packet, so the host sees every tunnel packet too; without a socket on the port it would answer each one with
/// an ICMP port-unreachable onto the node network (and another program could take the port). A full socket drops quietly.
/// </summary>
public sealed class TunnelPortReservation : IDisposable
{
    private readonly IReadOnlyList<Socket> _sockets;

    private TunnelPortReservation(IReadOnlyList<Socket> sockets) => _sockets = sockets;

    /// <summary>Binds one small UDP socket per port on <paramref name="tunnelIP"/>.</summary>
    /// <param name="tunnelIP">The uplink's address.</param>
    /// <param name="ports">The tunnel ports (VXLAN's, WireGuard's).</param>
    /// <param name="netNsPath">The host namespace; null for this process's.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The reservation; dispose it to release the ports.</returns>
    /// <exception cref="SocketException">A port is taken by another program.</exception>
    public static async Task<TunnelPortReservation> ReserveAsync(IPAddress tunnelIP, IEnumerable<int> ports, string? netNsPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tunnelIP);
        ArgumentNullException.ThrowIfNull(ports);
        using var ns = netNsPath is null ? NetNs.OpenCurrentProcess() : NetNs.Open(netNsPath);
        var sockets = new List<Socket>();
        try
        {
            foreach (var port in ports.Distinct())
            {
                sockets.Add(await ns.RunInAsync(() => Bind(tunnelIP, port), cancellationToken));
            }
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }

        return new TunnelPortReservation(sockets);
    }

    /// <summary>Releases the ports.</summary>
    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1024 };
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
