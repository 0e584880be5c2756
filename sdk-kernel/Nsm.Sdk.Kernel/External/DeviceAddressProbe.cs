using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.External;

/// <summary>
/// Asks the network behind a device whether an address is in use, before an IPAM hands it out: for IPv4 RFC 5227 ARP
/// probes (sender IP 0.0.0.0, so no host learns a mapping from them), for IPv6 RFC 4862 duplicate address detection
/// (a neighbour solicitation from :: to the candidate's solicited-node group). Frames are sent and read on an
/// AF_PACKET socket bound to the device in its namespace; any answer for the candidate, or another host probing for
/// it, means in use; so does an address of the device itself (the node's own). The device keeps its addresses and
/// state: nothing is configured on it.
/// </summary>
public sealed class DeviceAddressProbe : IAddressProbe
{
    private readonly DeviceAddressProbeOptions _options;

    /// <summary>Initializes the probe.</summary>
    /// <param name="options">The options (checked here).</param>
    public DeviceAddressProbe(DeviceAddressProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    /// <exception cref="IpamException">The device is missing, or a probe could not be sent (e.g. the device is down).</exception>
    public async ValueTask<bool> IsInUseAsync(IpAddr address, CancellationToken cancellationToken)
    {
        try
        {
            return await ProbeAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new IpamException($"IPAM: probing {address} on {_options.Device} failed: {ex.Message}", ex);
        }
    }

    private async Task<bool> ProbeAsync(IpAddr address, CancellationToken cancellationToken)
    {
        var target = address.ToIPAddress();
        var (index, mac, own) = await FindDeviceAsync(target, cancellationToken).ConfigureAwait(false);
        if (own)
        {
            return true; // the node's own address on the device: its probes would not come back to it
        }

        var v6 = address.IsIPv6;
        var etherType = v6 ? ConflictFrames.IPv6EtherType : ConflictFrames.ArpEtherType;
        using var socket = await RunInNamespaceAsync(() => LinkLayerEndPoint.Open(index, etherType), cancellationToken).ConfigureAwait(false);
        var frame = v6 ? ConflictFrames.NeighborSolicitationFrame(mac, target) : ConflictFrames.ArpProbe(mac, target);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answered = WatchAsync(socket, target, mac, v6, stop.Token);
        try
        {
            return await ProbeSchedule.RunAsync(
                _options.ProbeCount,
                _options.ProbeInterval,
                _options.Clock,
                async ct => await socket.SendAsync(frame, SocketFlags.None, ct).ConfigureAwait(false),
                answered,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await answered.ConfigureAwait(false);
        }
    }

    private static async Task<bool> WatchAsync(Socket socket, IPAddress target, PhysicalAddress mac, bool v6, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                var frame = buffer.AsSpan(0, n);
                if (v6 ? ConflictFrames.IsNeighborConflict(frame, target, mac) : ConflictFrames.IsArpConflict(frame, target, mac))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task<(int Index, PhysicalAddress Mac, bool Own)> FindDeviceAsync(IPAddress candidate, CancellationToken cancellationToken)
    {
        var ns = _options.Namespace ?? NetNs.OpenCurrentProcess();
        try
        {
            using var nl = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            var link = await nl.TryGetLinkAsync(_options.Device, cancellationToken).ConfigureAwait(false)
                ?? throw new IpamException($"IPAM: cannot probe addresses: no device {_options.Device}");
            var own = (await nl.ListAddressesAsync(_options.Device, cancellationToken: cancellationToken).ConfigureAwait(false)).Any(a => a.Prefix.Address.Equals(candidate));
            return (link.Index, link.Mac ?? PhysicalAddress.None, own);
        }
        finally
        {
            if (_options.Namespace is null)
            {
                ns.Dispose();
            }
        }
    }

    private Task<T> RunInNamespaceAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        _options.Namespace is { } ns ? ns.RunInAsync(work, cancellationToken) : Task.FromResult(work());
}
