using System.Net.Sockets;
using System.Text;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// A client of one WireGuard device's cross-platform UAPI: a unix stream socket, by convention
/// <c>/var/run/wireguard/IFNAME.sock</c> (one folder for the whole machine, whatever the device's namespace), that
/// takes a <c>set=1</c> or <c>get=1</c> request per connection. Each call is bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class WireGuardUapi
{
    /// <summary>The folder wireguard-go creates its sockets in.</summary>
    public const string DefaultSocketDirectory = "/var/run/wireguard";

    private const int MaxReply = 1 << 20;
    private readonly TimeProvider _clock;

    /// <summary>Creates a client of the socket at <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">The socket path (see <see cref="SocketPath"/>).</param>
    /// <param name="timeout">How long one call may take.</param>
    /// <param name="clock">The clock of the timeout; the system clock when null.</param>
    public WireGuardUapi(string socketPath, TimeSpan timeout, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        SocketPath = socketPath;
        Timeout = timeout;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Gets the socket path.</summary>
    public string SocketPath { get; }

    /// <summary>Gets how long one call may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The socket path of interface <paramref name="interfaceName"/> in <paramref name="directory"/>.</summary>
    /// <param name="interfaceName">The interface name wireguard-go was started with.</param>
    /// <param name="directory">The socket folder.</param>
    public static string SocketPathFor(string interfaceName, string directory = DefaultSocketDirectory) =>
        Path.Combine(directory, interfaceName + ".sock");

    /// <summary>Applies <paramref name="settings"/> in one transaction.</summary>
    /// <param name="settings">What to set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WireGuardException">The socket cannot be reached, or the device answered an errno.</exception>
    public Task SetAsync(WireGuardSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SetRawAsync(WireGuardUapiText.Set(settings), cancellationToken);
    }

    /// <summary>Reads the device's settings and peer statistics.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WireGuardException">The socket cannot be reached, or the reply is not understood.</exception>
    public async Task<WireGuardStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExchangeAsync(WireGuardUapiText.Get, cancellationToken).ConfigureAwait(false);
        try
        {
            return WireGuardUapiText.ParseGet(reply);
        }
        catch (FormatException e)
        {
            throw new WireGuardException($"WireGuard UAPI {SocketPath}: get=1 reply not understood: {e.Message}", e);
        }
    }

    /// <summary>Sends a ready-made <c>set=1</c> request and checks its errno.</summary>
    internal async Task SetRawAsync(string request, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
        var errno = WireGuardUapiText.Errno(reply);
        if (errno is 98 or -98)
        {
            // EADDRINUSE (wireguard-go answers errnos negated): the listen port is taken.
            throw new WireGuardException($"WireGuard UAPI {SocketPath}: set=1 refused (errno={errno}): the UDP port is in use (EADDRINUSE)") { PortInUse = true };
        }

        if (errno is not 0)
        {
            throw new WireGuardException($"WireGuard UAPI {SocketPath}: set=1 refused (errno={errno?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}); the settings were not all applied");
        }
    }

    private async Task<string> ExchangeAsync(string request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), linked.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, linked.Token).ConfigureAwait(false);
            var reply = new StringBuilder();
            var buffer = new byte[4096];
            while (reply.Length < MaxReply)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
                if (reply.ToString().Contains("\n\n", StringComparison.Ordinal))
                {
                    break;
                }
            }

            return reply.ToString();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WireGuardException($"WireGuard UAPI {SocketPath}: no answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new WireGuardException($"WireGuard UAPI {SocketPath}: {e.Message} (is the device running?)", e);
        }
    }
}
