using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// Tells a reachable WireGuard endpoint from an unreachable one: sends small UDP datagrams from a connected socket in
/// the underlay namespace and listens for the ICMP errors the kernel reports on it. WireGuard drops such datagrams
/// silently, so silence means the port is open; "port unreachable" (ECONNREFUSED), "host unreachable" (a failed
/// neighbour resolution, about 3 s) or "network unreachable" (no route) mean the endpoint cannot be reached.
/// </summary>
internal static class WireGuardEndpointProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly byte[] Probe = [0xff, 0, 0, 0];

    /// <summary>Null when the endpoint stays silent for <paramref name="window"/>, else the error it caused.</summary>
    public static async Task<string?> UnreachableReasonAsync(NetNs? underlay, IPEndPoint endpoint, TimeSpan window, TimeProvider clock, CancellationToken cancellationToken)
    {
        Socket Open()
        {
            var s = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Connect(endpoint);
            return s;
        }

        Socket socket;
        try
        {
            socket = underlay is null ? Open() : await underlay.RunInAsync(Open, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return Describe(e);
        }

        using (socket)
        {
            var buffer = new byte[64];
            var started = clock.GetTimestamp();
            while (clock.GetElapsedTime(started) < window)
            {
                using var interval = new CancellationTokenSource(Interval, clock);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
                try
                {
                    await socket.SendAsync(Probe, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    return Describe(e);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Silence for one interval: probe again.
                }
            }
        }

        return null;
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "nothing listens on its UDP port (ICMP port unreachable)",
        SocketError.HostUnreachable => "the host does not answer (host unreachable)",
        SocketError.NetworkUnreachable => "there is no route to it (network unreachable)",
        _ => e.Message,
    };
}
