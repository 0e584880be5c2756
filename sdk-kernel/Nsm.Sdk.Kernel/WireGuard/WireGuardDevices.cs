using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Kernel.Genetlink;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// Creates WireGuard devices, one per call (one per connection: connections reuse inner addresses, so two of them
/// never share a device's allowed IPs). A device is made in its underlay namespace (where its UDP socket stays),
/// configured, then moved into its target namespace under its final name, MTU set and up. Where the kernel has
/// WireGuard (a trial link of kind <c>wireguard</c> succeeds) and <see cref="WireGuardDevicesOptions.PreferKernel"/> is
/// set, a device is a kernel <c>wireguard</c> link configured through generic netlink (<see cref="WireGuardNetlink"/>);
/// otherwise it is Debian's <c>wireguard-go</c>, configured through its UAPI socket. Anything made by a failed
/// creation is removed before the exception. <see cref="TryAdoptAsync"/> takes over a device made before a restart.
/// </summary>
public sealed class WireGuardDevices
{
    private const int EADDRINUSE = 98;
    private static readonly TimeSpan SocketPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StaleLogAge = TimeSpan.FromMinutes(1);
    private readonly WireGuardDevicesOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lazy<Task<string?>> _kernelUnavailable;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public WireGuardDevices(WireGuardDevicesOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new WireGuardDevicesOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _clock = _options.Clock ?? TimeProvider.System;
        _kernelUnavailable = new(() => KernelWireGuardProbe.UnavailableReasonAsync(CancellationToken.None));
    }

    /// <summary>Whether the kernel has WireGuard (tried once, then remembered).</summary>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    public async Task<bool> IsKernelWireGuardAvailableAsync(CancellationToken cancellationToken = default) =>
        await _kernelUnavailable.Value.WaitAsync(cancellationToken).ConfigureAwait(false) is null;

    /// <summary>
    /// Creates, configures and moves one device: a kernel <c>wireguard</c> link when the kernel has WireGuard and
    /// <see cref="WireGuardDevicesOptions.PreferKernel"/> is set, else a wireguard-go device.
    /// </summary>
    /// <param name="spec">The device.</param>
    /// <param name="cancellationToken">Cancels the creation (what was made is removed).</param>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    /// <exception cref="WireGuardException">The name is in use, wireguard-go is missing or failed, or the UAPI refused the settings.</exception>
    /// <exception cref="NetNsException">A namespace cannot be opened.</exception>
    /// <exception cref="NetlinkException">Moving or configuring the interface failed.</exception>
    public async Task<WireGuardDevice> CreateAsync(WireGuardDeviceSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var started = _clock.GetTimestamp();
        var kernel = await UseKernelAsync(cancellationToken).ConfigureAwait(false);
        using var underlay = spec.UnderlayNetNs is null ? null : OpenNamespace(spec.UnderlayNetNs);
        using var target = OpenNamespace(spec.TargetNetNs);
        var socketPath = WireGuardUapi.SocketPathFor(spec.Name);
        var uapi = new WireGuardUapi(socketPath, _options.UapiTimeout, _clock);
        if (!kernel)
        {
            await ClaimSocketPathAsync(uapi, spec.Name, cancellationToken).ConfigureAwait(false);
        }

        using var underlayNl = await OpenNetlinkAsync(underlay, cancellationToken).ConfigureAwait(false);
        using var targetNl = await target.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        var underlayName = underlay?.DisplayName ?? "this process's namespace";
        if (await underlayNl.TryGetLinkAsync(spec.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new WireGuardException($"interface {spec.Name} already exists in {underlayName}: WireGuard device names must be unique on the machine");
        }

        if (await targetNl.TryGetLinkAsync(spec.TargetName, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new WireGuardException($"interface {spec.TargetName} already exists in {target.DisplayName}");
        }

        var settings = new WireGuardSettings
        {
            PrivateKey = spec.PrivateKey,
            ListenPort = spec.ListenPort,
            ReplacePeers = true,
            Peers = spec.Peer is null ? [] : [spec.Peer],
        };
        var device = kernel
            ? await CreateKernelAsync(spec, settings, underlay, target, underlayNl, targetNl, cancellationToken).ConfigureAwait(false)
            : await CreateWireGuardGoAsync(spec, settings, underlay, target, underlayNl, targetNl, uapi, cancellationToken).ConfigureAwait(false);
        var elapsed = _clock.GetElapsedTime(started);
        WireGuardLog.Created(_logger, spec.Name, device.Implementation, device.ProcessId, underlayName, device.ListenPort, spec.TargetName, target.DisplayName, spec.Mtu, elapsed);
        return device;
    }

    /// <summary>
    /// Takes over the device an earlier life of this program made (e.g. before a restart): the interface
    /// <paramref name="targetName"/> in <paramref name="targetNetNs"/>, created as <paramref name="name"/>. A kernel
    /// device is read through generic netlink; a wireguard-go one through its UAPI socket, so its wireguard-go must
    /// still run. Disposing the result deletes the device as usual.
    /// </summary>
    /// <param name="name">The device's name at creation (<see cref="WireGuardDevice.Name"/>).</param>
    /// <param name="targetNetNs">The namespace the interface is in (a path or an NSM <c>inodeURL</c>).</param>
    /// <param name="targetName">The interface's name there.</param>
    /// <param name="underlayNetNs">The namespace of its UDP socket, or null for this process's own.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The device, or null when there is no such interface, or it cannot be read (a wireguard-go that is gone).</returns>
    /// <exception cref="NetNsException">The target namespace cannot be opened.</exception>
    public async Task<WireGuardDevice?> TryAdoptAsync(string name, string targetNetNs, string targetName, string? underlayNetNs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(targetNetNs);
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        using var target = OpenNamespace(targetNetNs);
        using var targetNl = await target.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
        if (await targetNl.TryGetLinkAsync(targetName, cancellationToken).ConfigureAwait(false) is not { } link)
        {
            return null;
        }

        WireGuardControl control = link.Kind == "wireguard"
            ? new KernelControl(targetNetNs, targetName)
            : new UapiControl(new WireGuardUapi(WireGuardUapi.SocketPathFor(name), _options.UapiTimeout, _clock), null);
        WireGuardStatus status;
        try
        {
            status = await control.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WireGuardException or KernelException)
        {
            WireGuardLog.NotAdopted(_logger, name, targetName, target.DisplayName, e.Message);
            return null;
        }

        if (status.PrivateKey is not { } privateKey)
        {
            WireGuardLog.NotAdopted(_logger, name, targetName, target.DisplayName, "it has no private key");
            return null;
        }

        var peer = status.Peers.Count == 1 ? status.Peers[0] : null;
        var device = new WireGuardDevice(
            name,
            targetNetNs,
            targetName,
            link.Index,
            underlayNetNs,
            privateKey,
            status.ListenPort,
            peer is null ? null : new WireGuardPeer(peer.PublicKey) { Endpoint = peer.Endpoint, AllowedIps = peer.AllowedIps, PersistentKeepalive = peer.PersistentKeepalive },
            control,
            _options,
            _logger) { Adopted = true };
        WireGuardLog.Adopted(_logger, name, device.Implementation, targetName, target.DisplayName, status.ListenPort);
        return device;
    }

    /// <summary>Opens a namespace given as a path or as an NSM <c>inodeURL</c>.</summary>
    internal static NetNs OpenNamespace(string pathOrUrl) =>
        pathOrUrl.Contains("://", StringComparison.Ordinal) ? NetNs.OpenFromUrl(pathOrUrl) : NetNs.Open(pathOrUrl);

    /// <summary>A netlink handle in <paramref name="ns"/>, or in this process's namespace when null.</summary>
    internal static async Task<NetlinkHandle> OpenNetlinkAsync(NetNs? ns, CancellationToken cancellationToken) =>
        ns is null ? NetlinkHandle.Open() : await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);

    // Whether devices are kernel ones; the choice is logged once.
    private async Task<bool> UseKernelAsync(CancellationToken cancellationToken)
    {
        if (!_options.PreferKernel)
        {
            return false;
        }

        var first = !_kernelUnavailable.IsValueCreated;
        var reason = await _kernelUnavailable.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first && reason is null)
        {
            WireGuardLog.KernelChosen(_logger);
        }
        else if (first)
        {
            WireGuardLog.KernelUnavailable(_logger, reason!);
        }

        return reason is null;
    }

    // The kernel device is made in the underlay (its UDP socket stays in the namespace it was created in), configured
    // there, then moved and renamed into the target, where it gets its MTU and goes up (the port is bound then).
    private async Task<WireGuardDevice> CreateKernelAsync(
        WireGuardDeviceSpec spec, WireGuardSettings settings, NetNs? underlay, NetNs target, NetlinkHandle underlayNl, NetlinkHandle targetNl, CancellationToken cancellationToken)
    {
        var made = false;
        var moved = false;
        try
        {
            await underlayNl.AddLinkAsync(new WireGuardLink(spec.Name), cancellationToken).ConfigureAwait(false);
            made = true;
            using (var wg = await WireGuardNetlink.OpenAsync(underlay, cancellationToken).ConfigureAwait(false))
            {
                await wg.SetDeviceAsync(KernelControl.ToNetlink(spec.Name, settings), cancellationToken).ConfigureAwait(false);
            }

            await underlayNl.MoveToNamespaceAsync(spec.Name, target, spec.TargetName, cancellationToken).ConfigureAwait(false);
            moved = true;
            await targetNl.SetMtuAsync(spec.TargetName, spec.Mtu, cancellationToken).ConfigureAwait(false);
            await targetNl.SetLinkUpAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            var link = await targetNl.GetLinkAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            var control = new KernelControl(spec.TargetNetNs, spec.TargetName);
            var status = await control.GetAsync(cancellationToken).ConfigureAwait(false);
            return new WireGuardDevice(spec, status.ListenPort, link.Index, control, _options, _logger);
        }
        catch (Exception e)
        {
            WireGuardLog.CreateFailed(_logger, e, spec.Name);
            if (made)
            {
                await WireGuardDevice.TearDownAsync(moved ? targetNl : underlayNl, moved ? spec.TargetName : spec.Name, null, new KernelControl(spec.TargetNetNs, spec.TargetName), spec.Name, _options, _logger).ConfigureAwait(false);
            }

            if (e is KernelException ke && ke.ErrorCode == EADDRINUSE)
            {
                throw new WireGuardException($"creating kernel WireGuard device {spec.Name} failed: UDP port {spec.ListenPort} is in use in {underlay?.DisplayName ?? "this process's namespace"} ({e.Message})", e) { PortInUse = true };
            }

            throw;
        }
    }

    private async Task<WireGuardDevice> CreateWireGuardGoAsync(
        WireGuardDeviceSpec spec, WireGuardSettings settings, NetNs? underlay, NetNs target, NetlinkHandle underlayNl, NetlinkHandle targetNl, WireGuardUapi uapi, CancellationToken cancellationToken)
    {
        WireGuardGoProcess.SweepStaleLogs(Path.GetDirectoryName(uapi.SocketPath)!, StaleLogAge, _clock);
        var process = await WireGuardGoProcess.StartAsync(_options.WireGuardGoPath, spec.Name, uapi.SocketPath, underlay, _options.DetachWireGuardGo, cancellationToken).ConfigureAwait(false);
        var control = new UapiControl(uapi, process);
        var moved = false;
        try
        {
            await WaitForSocketAsync(process, uapi, spec.Name, cancellationToken).ConfigureAwait(false);
            await uapi.SetAsync(settings, cancellationToken).ConfigureAwait(false);
            var status = await uapi.GetAsync(cancellationToken).ConfigureAwait(false);

            // wireguard-go reads the MTU from the interface events of the namespace it runs in: set it before the move.
            await underlayNl.SetMtuAsync(spec.Name, spec.Mtu, cancellationToken).ConfigureAwait(false);
            await underlayNl.MoveToNamespaceAsync(spec.Name, target, spec.TargetName, cancellationToken).ConfigureAwait(false);
            moved = true;
            await targetNl.SetLinkUpAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            var link = await targetNl.GetLinkAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            return new WireGuardDevice(spec, status.ListenPort, link.Index, control, _options, _logger);
        }
        catch (Exception e)
        {
            WireGuardLog.CreateFailed(_logger, e, spec.Name);
            var output = process.Output;
            await WireGuardDevice.TearDownAsync(moved ? targetNl : underlayNl, moved ? spec.TargetName : spec.Name, null, control, spec.Name, _options, _logger).ConfigureAwait(false);
            if (e is WireGuardException || output.Length == 0)
            {
                throw;
            }

            throw new WireGuardException($"creating WireGuard device {spec.Name} failed: {e.Message} (wireguard-go said: {output})", e);
        }
    }

    // A socket that answers belongs to a running device: the name is taken. One that does not is left over by a
    // wireguard-go that was killed: remove it, or the new one's socket could not be bound.
    private async Task ClaimSocketPathAsync(WireGuardUapi uapi, string name, CancellationToken cancellationToken)
    {
        if (!File.Exists(uapi.SocketPath))
        {
            return;
        }

        try
        {
            await uapi.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WireGuardException)
        {
            File.Delete(uapi.SocketPath);
            WireGuardLog.StaleSocket(_logger, uapi.SocketPath);
            return;
        }

        throw new WireGuardException($"a WireGuard device named {name} is already running ({uapi.SocketPath} answers): device names must be unique on the machine");
    }

    // wireguard-go binds its socket (the file appears) a moment before it listens: wait until a get=1 is answered.
    private async Task WaitForSocketAsync(WireGuardGoProcess process, WireGuardUapi uapi, string name, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        while (true)
        {
            if (File.Exists(uapi.SocketPath))
            {
                try
                {
                    await uapi.GetAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (WireGuardException) when (_clock.GetElapsedTime(started) <= _options.StartTimeout)
                {
                    // Not listening yet.
                }
            }

            if (process.HasExited)
            {
                throw new WireGuardException($"wireguard-go {name} exited before creating its UAPI socket: {process.Output}");
            }

            if (_clock.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new WireGuardException($"wireguard-go {name} made no UAPI socket {uapi.SocketPath} within {_options.StartTimeout.TotalSeconds:0.#} s: {process.Output}");
            }

            await Task.Delay(SocketPoll, _clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
