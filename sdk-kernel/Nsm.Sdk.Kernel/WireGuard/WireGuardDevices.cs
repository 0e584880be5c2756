using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// Creates WireGuard devices, one per call (one per connection: connections reuse inner addresses, so two of them
/// never share a device's allowed IPs). A device is made in its underlay namespace (where its UDP socket stays),
/// configured through its UAPI socket, then moved into its target namespace under its final name, MTU set and up.
/// The kernel's WireGuard is detected (a trial link of kind <c>wireguard</c>); configuring it is not implemented yet,
/// so devices are Debian's <c>wireguard-go</c>. Anything made by a failed creation is removed before the exception.
/// </summary>
public sealed class WireGuardDevices
{
    private static readonly TimeSpan SocketPoll = TimeSpan.FromMilliseconds(10);
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

    /// <summary>Creates, configures and moves one device.</summary>
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
        await LogKernelChoiceAsync(cancellationToken).ConfigureAwait(false);
        using var underlay = spec.UnderlayNetNs is null ? null : OpenNamespace(spec.UnderlayNetNs);
        using var target = OpenNamespace(spec.TargetNetNs);
        var socketPath = WireGuardUapi.SocketPathFor(spec.Name);
        var uapi = new WireGuardUapi(socketPath, _options.UapiTimeout, _clock);
        await ClaimSocketPathAsync(uapi, spec.Name, cancellationToken).ConfigureAwait(false);
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

        var process = await WireGuardGoProcess.StartAsync(_options.WireGuardGoPath, spec.Name, underlay, cancellationToken).ConfigureAwait(false);
        var moved = false;
        try
        {
            await WaitForSocketAsync(process, socketPath, spec.Name, cancellationToken).ConfigureAwait(false);
            await uapi.SetAsync(
                new WireGuardSettings
                {
                    PrivateKey = spec.PrivateKey,
                    ListenPort = spec.ListenPort,
                    ReplacePeers = true,
                    Peers = spec.Peer is null ? [] : [spec.Peer],
                },
                cancellationToken).ConfigureAwait(false);
            var status = await uapi.GetAsync(cancellationToken).ConfigureAwait(false);

            // wireguard-go reads the MTU from the interface events of the namespace it runs in: set it before the move.
            await underlayNl.SetMtuAsync(spec.Name, spec.Mtu, cancellationToken).ConfigureAwait(false);
            await underlayNl.MoveToNamespaceAsync(spec.Name, target, spec.TargetName, cancellationToken).ConfigureAwait(false);
            moved = true;
            await targetNl.SetLinkUpAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            var link = await targetNl.GetLinkAsync(spec.TargetName, cancellationToken).ConfigureAwait(false);
            var device = new WireGuardDevice(spec, status.ListenPort, link.Index, process, uapi, _options, _logger);
            var elapsed = _clock.GetElapsedTime(started);
            WireGuardLog.Created(
                _logger, spec.Name, device.Implementation, process.Id, underlayName, status.ListenPort, spec.TargetName, target.DisplayName, spec.Mtu,
                elapsed);
            return device;
        }
        catch (Exception e)
        {
            WireGuardLog.CreateFailed(_logger, e, spec.Name);
            await WireGuardDevice.TearDownAsync(moved ? targetNl : underlayNl, moved ? spec.TargetName : spec.Name, null, process, socketPath, spec.Name, _options, _logger).ConfigureAwait(false);
            process.Dispose();
            if (e is WireGuardException || process.Output.Length == 0)
            {
                throw;
            }

            throw new WireGuardException($"creating WireGuard device {spec.Name} failed: {e.Message} (wireguard-go said: {process.Output})", e);
        }
    }

    /// <summary>Opens a namespace given as a path or as an NSM <c>inodeURL</c>.</summary>
    internal static NetNs OpenNamespace(string pathOrUrl) =>
        pathOrUrl.Contains("://", StringComparison.Ordinal) ? NetNs.OpenFromUrl(pathOrUrl) : NetNs.Open(pathOrUrl);

    /// <summary>A netlink handle in <paramref name="ns"/>, or in this process's namespace when null.</summary>
    internal static async Task<NetlinkHandle> OpenNetlinkAsync(NetNs? ns, CancellationToken cancellationToken) =>
        ns is null ? NetlinkHandle.Open() : await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);

    private async Task LogKernelChoiceAsync(CancellationToken cancellationToken)
    {
        if (!_options.PreferKernel || _kernelUnavailable.IsValueCreated)
        {
            return;
        }

        var reason = await _kernelUnavailable.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            WireGuardLog.KernelNotConfigurable(_logger);
        }
        else
        {
            WireGuardLog.KernelUnavailable(_logger, reason);
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

    private async Task WaitForSocketAsync(WireGuardGoProcess process, string socketPath, string name, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        while (!File.Exists(socketPath))
        {
            if (process.HasExited)
            {
                throw new WireGuardException($"wireguard-go {name} exited before creating its UAPI socket: {process.Output}");
            }

            if (_clock.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new WireGuardException($"wireguard-go {name} made no UAPI socket {socketPath} within {_options.StartTimeout.TotalSeconds:0.#} s: {process.Output}");
            }

            await Task.Delay(SocketPoll, _clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
