using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// The blocking part of a dial: waits until the next hop accepts a connection on its socket (what a blocking
/// upstream dial waits for). A next hop that refuses outright (no socket file, nobody listening, TCP refused) fails
/// at once with <see cref="NextHopUnreachableException"/>: waiting for it would only spend the dial timeout.
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
    /// <exception cref="NextHopUnreachableException">The next hop refuses connections.</exception>
    public static async Task WaitReachableAsync(Uri url, TimeProvider clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await CheckAsync(url, cancellationToken).ConfigureAwait(false) is not { } error)
            {
                return;
            }

            if (Unreachable(url, error) is { } unreachable)
            {
                throw unreachable;
            }

            // Some other socket error (e.g. a full listen backlog): try again shortly.
            await Task.Delay(RetryDelay, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tries one connection to <paramref name="url"/>.</summary>
    /// <param name="url">The unix or tcp URL.</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    /// <returns>The error when <paramref name="url"/> refuses outright; <see langword="null"/> when it accepted or
    /// failed in another way.</returns>
    public static async Task<NextHopUnreachableException?> FindUnreachableAsync(Uri url, CancellationToken cancellationToken) =>
        await CheckAsync(url, cancellationToken).ConfigureAwait(false) is { } error ? Unreachable(url, error) : null;

    private static async Task<SocketException?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        var unix = NsmUrl.IsUnix(url);
        EndPoint endpoint = unix ? new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url)) : new DnsEndPoint(url.Host, url.Port);
        using var socket = unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SocketException ex)
        {
            return ex;
        }
    }

    private static NextHopUnreachableException? Unreachable(Uri url, SocketException error)
    {
        if (NsmUrl.IsUnix(url))
        {
            // .NET reports both ENOENT and ECONNREFUSED on a unix socket as AddressNotAvailable.
            if (error.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
            {
                var reason = File.Exists(NsmUrl.SocketPath(url)) ? "connection refused (nobody listens on the socket)" : "no such socket";
                return new NextHopUnreachableException(url, reason, error);
            }

            return null;
        }

        return error.SocketErrorCode == SocketError.ConnectionRefused ? new NextHopUnreachableException(url, "connection refused", error) : null;
    }
}
