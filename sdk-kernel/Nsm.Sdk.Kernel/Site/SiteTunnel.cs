using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Site;

/// <summary>
/// The guide's <c>nsm-config</c> tunnel on a gateway: one WireGuard interface with the ConfigMap's private key,
/// listening on the peer endpoint's port (both sides use the same one), its one peer the ConfigMap's public key at its
/// endpoint, allowed every address, with a keepalive; the other cluster's networks (<c>tunnel.routes</c>, and the host of
/// <c>registry.url</c>) routed into it. <see cref="ApplyAsync"/> makes it match a new <c>nsm.yaml</c> (nothing happens
/// when it did not change); null removes it. The kernel's WireGuard is used where the node has it, else wireguard-go.
/// </summary>
public sealed partial class SiteTunnel : IAsyncDisposable
{
    private readonly SiteTunnelOptions _options;
    private readonly WireGuardDevices _devices;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private WireGuardDevice? _device;

    /// <summary>Creates the tunnel's owner; nothing is made until <see cref="ApplyAsync"/>.</summary>
    /// <param name="options">Where and how; defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SiteTunnel(SiteTunnelOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new SiteTunnelOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _clock = _options.Clock ?? TimeProvider.System;
        _devices = new WireGuardDevices(_options.Devices ?? new WireGuardDevicesOptions { Clock = _options.Clock }, _logger);
    }

    /// <summary>Gets what the tunnel is doing: <c>none</c>, <c>up: …</c> or <c>failed: …</c>.</summary>
    public string State { get; private set; } = "none";

    /// <summary>Gets the settings in force, or null.</summary>
    public SiteTunnelSettings? Applied { get; private set; }

    /// <summary>Gets the prefixes routed into the tunnel.</summary>
    public IReadOnlyList<NetlinkPrefix> Routes { get; private set; } = [];

    /// <summary>Makes the tunnel match <paramref name="settings"/> (null: no tunnel).</summary>
    /// <param name="settings">The tunnel, or null.</param>
    /// <param name="cancellationToken">Cancels the change (what was half made is removed).</param>
    /// <returns>Null when the tunnel is as asked, else the problem (also in <see cref="State"/> and the log).</returns>
    public async Task<string?> ApplyAsync(SiteTunnelSettings? settings, CancellationToken cancellationToken = default)
    {
        if (Equals(settings, Applied) && (_device is not null || settings is null))
        {
            return null;
        }

        await RemoveAsync().ConfigureAwait(false);
        if (settings is null)
        {
            State = "none";
            return null;
        }

        try
        {
            var peer = await ResolveAsync(settings, cancellationToken).ConfigureAwait(false);
            var netns = _options.NetNsPath ?? "/proc/self/ns/net";
            _device = await _devices.CreateAsync(
                new WireGuardDeviceSpec(_options.DeviceName, netns, _options.DeviceName, WireGuardKey.FromBytes(Convert.FromBase64String(settings.PrivateKey)))
                {
                    UnderlayNetNs = _options.NetNsPath,
                    ListenPort = peer.Port,
                    Peer = new WireGuardPeer(WireGuardKey.FromBytes(Convert.FromBase64String(settings.PeerPublicKey)))
                    {
                        Endpoint = peer,
                        AllowedIps = [new IPNetwork(IPAddress.Any, 0), new IPNetwork(IPAddress.IPv6Any, 0)],
                        PersistentKeepalive = _options.Keepalive,
                    },
                },
                cancellationToken).ConfigureAwait(false);
            var (routes, problem) = await SiteTunnelRoutes.ResolveAsync(settings, peer.Address, _options.RouteRegistry, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                LogRouteProblem(_logger, _options.DeviceName, problem);
            }

            using (var nl = await NetNsNetlink.OpenAsync(_options.NetNsPath, cancellationToken).ConfigureAwait(false))
            {
                foreach (var route in routes)
                {
                    await nl.ReplaceRouteAsync(new Route { Destination = route, Device = _options.DeviceName }, cancellationToken).ConfigureAwait(false);
                }
            }

            Routes = routes;
            Applied = settings;
            State = $"up: {_options.DeviceName} ({_device.Implementation}, port {peer.Port}) to {peer}"
                + (routes.Count == 0 ? "; nothing routed into it" : "; routes " + string.Join(", ", routes.Select(r => r.Network)));
            LogUp(_logger, State);
            return null;
        }
        catch (Exception e) when (e is WireGuardException or KernelException or FormatException or ArgumentException or SocketException or IOException or UnauthorizedAccessException)
        {
            await RemoveAsync().ConfigureAwait(false);
            State = "failed: " + e.Message;
            LogFailed(_logger, _options.DeviceName, settings.PeerEndpoint, e.Message);
            return State;
        }
    }

    /// <summary>The state with the peer's latest handshake and traffic, read from the device now.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state line.</returns>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken = default)
    {
        if (_device is not { } device)
        {
            return State;
        }

        try
        {
            var peers = (await device.GetStatusAsync(cancellationToken).ConfigureAwait(false)).Peers;
            var peer = peers.Count > 0 ? peers[0] : null;
            var handshake = peer?.LastHandshake is { } at
                ? $"latest handshake {(int)(_clock.GetUtcNow() - at).TotalSeconds}s ago, {peer.RxBytes} bytes in, {peer.TxBytes} out"
                : "no handshake yet (is the other cluster's tunnel up, with this side's public key?)";
            return $"{State}; {handshake}";
        }
        catch (WireGuardException e)
        {
            return $"{State}; status unavailable: {e.Message}";
        }
    }

    /// <summary>Removes the tunnel (its routes go with its interface).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await RemoveAsync().ConfigureAwait(false);
        State = "none";
    }

    private async Task RemoveAsync()
    {
        Applied = null;
        Routes = [];
        if (_device is { } device)
        {
            _device = null;
            await device.DisposeAsync().ConfigureAwait(false);
            LogRemoved(_logger, _options.DeviceName);
        }
    }

    private static async Task<IPEndPoint> ResolveAsync(SiteTunnelSettings settings, CancellationToken cancellationToken)
    {
        var address = IPAddress.TryParse(settings.PeerHost, out var ip)
            ? ip
            : (await Dns.GetHostAddressesAsync(settings.PeerHost, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new FormatException($"tunnel.peerEndpoint: {settings.PeerHost} has no address");
        return new IPEndPoint(address, settings.PeerPort);
    }

    [LoggerMessage(EventId = 2480, Level = LogLevel.Information, Message = "site tunnel {State}")]
    private static partial void LogUp(ILogger logger, string state);

    [LoggerMessage(EventId = 2481, Level = LogLevel.Error, Message = "site tunnel {Device} to {Endpoint} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string device, string endpoint, string reason);

    [LoggerMessage(EventId = 2482, Level = LogLevel.Information, Message = "site tunnel {Device} removed")]
    private static partial void LogRemoved(ILogger logger, string device);

    [LoggerMessage(EventId = 2483, Level = LogLevel.Warning, Message = "site tunnel {Device}: {Problem}")]
    private static partial void LogRouteProblem(ILogger logger, string device, string problem);
}
