using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// One WireGuard device made by <see cref="WireGuardDevices.CreateAsync"/>: its interface <see cref="TargetName"/> in
/// <see cref="TargetNetNs"/> (give it addresses and routes there), its UDP socket in the underlay on
/// <see cref="ListenPort"/>. A kernel device is read and configured through generic netlink, a wireguard-go one through
/// its UAPI socket. Disposing it deletes the interface; for wireguard-go it also reaps the process (killed after a
/// bounded wait) and removes a left-over UAPI socket.
/// </summary>
public sealed class WireGuardDevice : IAsyncDisposable
{
    private const int KickKeepaliveSeconds = 25;
    private readonly WireGuardControl _control;
    private readonly WireGuardDevicesOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private int _disposed;

    internal WireGuardDevice(WireGuardDeviceSpec spec, int listenPort, int targetIndex, WireGuardControl control, WireGuardDevicesOptions options, ILogger logger)
        : this(spec.Name, spec.TargetNetNs, spec.TargetName, targetIndex, spec.UnderlayNetNs, spec.PrivateKey, listenPort, spec.Peer, control, options, logger)
    {
    }

    internal WireGuardDevice(
        string name, string targetNetNs, string targetName, int targetIndex, string? underlayNetNs, WireGuardKey privateKey, int listenPort, WireGuardPeer? peer, WireGuardControl control, WireGuardDevicesOptions options, ILogger logger)
    {
        Name = name;
        TargetNetNs = targetNetNs;
        TargetName = targetName;
        TargetIndex = targetIndex;
        UnderlayNetNs = underlayNetNs;
        PrivateKey = privateKey;
        PublicKey = privateKey.PublicKey;
        ListenPort = listenPort;
        Peer = peer;
        Implementation = control.Implementation;
        _control = control;
        _options = options;
        _logger = logger;
        _clock = options.Clock ?? TimeProvider.System;
    }

    /// <summary>Gets the device's name at creation, also its UAPI socket's name.</summary>
    public string Name { get; }

    /// <summary>Gets the namespace the interface is in (as given in the spec).</summary>
    public string TargetNetNs { get; }

    /// <summary>Gets the interface's name in <see cref="TargetNetNs"/>.</summary>
    public string TargetName { get; }

    /// <summary>Gets the interface's index in <see cref="TargetNetNs"/>.</summary>
    public int TargetIndex { get; }

    /// <summary>Gets the namespace of the UDP socket (as given in the spec), or null for this process's own.</summary>
    public string? UnderlayNetNs { get; }

    /// <summary>Gets the device's public key (advertise it as <c>src_public_key</c> or <c>dst_public_key</c>).</summary>
    public WireGuardKey PublicKey { get; }

    /// <summary>Gets the UDP port the device listens on (advertise it as <c>src_port</c> or <c>dst_port</c>).</summary>
    public int ListenPort { get; }

    /// <summary>Gets which WireGuard runs the device.</summary>
    public WireGuardImplementation Implementation { get; }

    /// <summary>Gets whether the device was made by an earlier life of this program and taken over (<see cref="WireGuardDevices.TryAdoptAsync"/>).</summary>
    public bool Adopted { get; internal init; }

    /// <summary>Gets the device's private key (to keep using it after a restart).</summary>
    internal WireGuardKey PrivateKey { get; }

    /// <summary>Gets the wireguard-go process id, or 0.</summary>
    internal int ProcessId => _control.ProcessId;

    /// <summary>Gets the peer as last set, or null.</summary>
    public WireGuardPeer? Peer { get; private set; }

    /// <summary>Sets (replaces) the device's one peer, e.g. once the other side's key and endpoint are known.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WireGuardException">The UAPI refused the peer.</exception>
    public async Task SetPeerAsync(WireGuardPeer peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        await _control.SetAsync(new WireGuardSettings { ReplacePeers = true, Peers = [peer] }, cancellationToken).ConfigureAwait(false);
        Peer = peer;
    }

    /// <summary>Reads the device's state and its peer's statistics (last handshake, bytes).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WireGuardStatus> GetStatusAsync(CancellationToken cancellationToken = default) => _control.GetAsync(cancellationToken);

    /// <summary>
    /// Waits until a handshake with the peer has completed, prompting one when this side knows the peer's endpoint.
    /// When none completes within <paramref name="timeout"/>, probes the endpoint from the underlay namespace and
    /// says why: the keys do not match (the endpoint's port answers), the endpoint is unreachable, or no endpoint is known.
    /// </summary>
    /// <param name="timeout">How long to wait for the handshake (the probe takes up to <see cref="WireGuardDevicesOptions.EndpointProbeWindow"/> more).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<WireGuardHandshakeResult> WaitForHandshakeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var peer = Peer;
        if (peer is null)
        {
            return new WireGuardHandshakeResult(WireGuardFailure.NoEndpoint, $"WireGuard device {Name} has no peer");
        }

        var started = _clock.GetTimestamp();
        var status = await _control.GetAsync(cancellationToken).ConfigureAwait(false);
        if (Handshake(status, peer) is null && peer.Endpoint is not null)
        {
            await PromptHandshakeAsync(peer, cancellationToken).ConfigureAwait(false);
        }

        while (Handshake(status, peer) is null && _clock.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(_options.HandshakePollInterval, _clock, cancellationToken).ConfigureAwait(false);
            status = await _control.GetAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Handshake(status, peer) is { } done)
        {
            WireGuardLog.Handshake(_logger, Name, peer.PublicKey);
            return new WireGuardHandshakeResult(WireGuardFailure.None, $"WireGuard handshake with {peer.PublicKey} done") { LastHandshake = done.LastHandshake };
        }

        var result = await DiagnoseAsync(peer, status.Peers.FirstOrDefault(p => p.PublicKey.Equals(peer.PublicKey))?.Endpoint ?? peer.Endpoint, timeout, cancellationToken).ConfigureAwait(false);
        WireGuardLog.NoHandshake(_logger, Name, result.Message);
        return result;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NetNs? target = null;
        try
        {
            target = WireGuardDevices.OpenNamespace(TargetNetNs);
        }
        catch (NetNsException)
        {
            // The namespace is gone, and the interface with it.
        }

        using (target)
        {
            using var nl = target is null ? null : await target.OpenNetlinkAsync(CancellationToken.None).ConfigureAwait(false);
            await TearDownAsync(nl, TargetName, TargetIndex, _control, Name, _options, _logger).ConfigureAwait(false);
        }

        WireGuardLog.Removed(_logger, Name, TargetName, TargetNetNs);
    }

    /// <summary>
    /// Deletes the interface <paramref name="linkName"/> (if its index is <paramref name="index"/>, when given), then
    /// stops what ran it (wireguard-go: waits for it to exit, killing it after <see cref="WireGuardDevicesOptions.StopTimeout"/>, and removes the socket).
    /// </summary>
    internal static async Task TearDownAsync(NetlinkHandle? nl, string linkName, int? index, WireGuardControl control, string name, WireGuardDevicesOptions options, ILogger logger)
    {
        if (nl is not null)
        {
            try
            {
                var link = await nl.TryGetLinkAsync(linkName, CancellationToken.None).ConfigureAwait(false);
                if (link is not null && (index is null || link.Index == index))
                {
                    await nl.DeleteLinkIfExistsAsync(linkName, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (NetlinkException e)
            {
                WireGuardLog.DeleteFailed(logger, e, linkName, nl.NamespaceName);
            }
        }

        await control.StopAsync(name, options, logger).ConfigureAwait(false);
    }

    private static WireGuardPeerStatus? Handshake(WireGuardStatus status, WireGuardPeer peer) =>
        status.Peers.FirstOrDefault(p => p.PublicKey.Equals(peer.PublicKey) && p.LastHandshake is not null);

    // Turning a peer's persistent keepalive on makes WireGuard send a keepalive at once, and with no session yet that
    // starts a handshake; the configured interval is restored afterwards.
    private async Task PromptHandshakeAsync(WireGuardPeer peer, CancellationToken cancellationToken)
    {
        var configured = (int)peer.PersistentKeepalive.TotalSeconds;
        await _control.SetKeepaliveAsync(peer.PublicKey, 0, cancellationToken).ConfigureAwait(false);
        await _control.SetKeepaliveAsync(peer.PublicKey, configured > 0 ? configured : KickKeepaliveSeconds, cancellationToken).ConfigureAwait(false);
        if (configured == 0)
        {
            await _control.SetKeepaliveAsync(peer.PublicKey, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WireGuardHandshakeResult> DiagnoseAsync(WireGuardPeer peer, System.Net.IPEndPoint? endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = $"{timeout.TotalSeconds:0.#} s";
        if (endpoint is null)
        {
            return new WireGuardHandshakeResult(
                WireGuardFailure.NoEndpoint,
                $"no WireGuard handshake with peer {peer.PublicKey} within {waited}: this side knows no endpoint of the peer and the peer has not contacted port {ListenPort}");
        }

        using var underlay = UnderlayNetNs is null ? null : WireGuardDevices.OpenNamespace(UnderlayNetNs);
        var unreachable = await WireGuardEndpointProbe.UnreachableReasonAsync(underlay, endpoint, _options.EndpointProbeWindow, _clock, cancellationToken).ConfigureAwait(false);
        return unreachable is null
            ? new WireGuardHandshakeResult(
                WireGuardFailure.WrongKey,
                $"no WireGuard handshake with {endpoint} within {waited}: the endpoint's port answers but the handshake fails, so the keys do not match (the peer public key {peer.PublicKey} is wrong, or the peer does not have this side's public key {PublicKey})")
            : new WireGuardHandshakeResult(
                WireGuardFailure.Unreachable,
                $"no WireGuard handshake within {waited}: the peer endpoint {endpoint} is unreachable: {unreachable}");
    }
}
