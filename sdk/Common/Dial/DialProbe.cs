using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// The blocking part of a dial: waits until the next hop accepts a connection on its socket (what a blocking
/// upstream dial waits for), retrying while the socket refuses.
/// </summary>
/// <remarks>A channel with a custom connect callback (unix sockets) cannot report its connectivity state, so the
/// socket is probed directly.</remarks>
internal static class DialProbe
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="url"/> accepts a connection.</summary>
    /// <param name="url">The unix or tcp URL.</param>
    /// <param name="clock">The clock of the retry waits.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes once a connection was accepted.</returns>
    public static async Task WaitReachableAsync(Uri url, TimeProvider clock, CancellationToken cancellationToken)
    {
        EndPoint endpoint = NsmUrl.IsUnix(url) ? new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url)) : new DnsEndPoint(url.Host, url.Port);
        var protocol = endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        while (true)
        {
            using var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, protocol)
                : new Socket(SocketType.Stream, protocol);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: try again shortly.
            }

            await Task.Delay(RetryDelay, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
