using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Vlan;
using Nsm.Vpp;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Bridge;

/// <summary>
/// One VPP bridge domain per network service, shared by its connections: the first makes it
/// (<c>bridge_domain_add_del_v2</c>: flood, unknown-unicast flood, forward, learn) and, with an uplink, attaches the uplink
/// (af_packet on the host interface, admin up; with a VLAN a dot1q sub-interface with pop-1 tag rewrite, admin up) to it;
/// the last one's release takes all of it down again in reverse order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate is only awaited (WaitAsync), never allocates a wait handle.")]
public sealed partial class VppBridgeSegments
{
    private readonly IVppApi _vpp;
    private readonly VppBridgeOptions _options;
    private readonly ILogger _logger;
    private readonly VlanSubInterfaces _subInterfaces = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, Segment> _segments = new(StringComparer.Ordinal);
    private uint _nextBridge = 1;
    private Task? _watch;

    /// <summary>Initializes the segments.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="options">The uplink.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public VppBridgeSegments(IVppApi vpp, VppBridgeOptions options, ILogger logger)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Gets the bridge domain of a service, making it (and its uplink) for the first user.</summary>
    /// <param name="service">The network service.</param>
    /// <param name="cancellationToken">Stops the VPP calls.</param>
    /// <returns>The bridge domain id.</returns>
    /// <exception cref="Core.NsmStatusException">VPP refused a call (what was made is undone).</exception>
    public async Task<uint> AcquireAsync(string service, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_segments.TryGetValue(service, out var existing))
            {
                existing.Users++;
                if (existing.Port is null && await UplinkPresentAsync(cancellationToken))
                {
                    await AttachUplinkAsync(existing, cancellationToken);
                }

                return existing.BridgeId;
            }

            var segment = new Segment(_nextBridge++);
            try
            {
                await VppCall.RequestAsync<BridgeDomainAddDelV2, BridgeDomainAddDelV2Reply>(_vpp, new BridgeDomainAddDelV2
                {
                    BdId = segment.BridgeId, Flood = true, UuFlood = true, Forward = true, Learn = true, BdTag = Tag(service), IsAdd = true,
                }, cancellationToken);
                segment.Bridge = true;
                if (await UplinkPresentAsync(cancellationToken))
                {
                    await AttachUplinkAsync(segment, cancellationToken);
                }
                else if (!string.IsNullOrEmpty(_options.UplinkName))
                {
                    // As the kernel segment: the clients share the segment now, the uplink joins when it appears.
                    LogWaitingForUplink(_logger, _options.UplinkName);
                    _watch ??= Task.Run(WatchForUplinkAsync, CancellationToken.None);
                }
            }
            catch
            {
                await TearDownAsync(segment);
                throw;
            }

            _segments[service] = segment;
            return segment.BridgeId;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Releases a service's bridge domain; the last user's release takes it and its uplink down.</summary>
    /// <param name="service">The network service.</param>
    /// <returns>A task.</returns>
    public async Task ReleaseAsync(string service)
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            if (!_segments.TryGetValue(service, out var segment) || --segment.Users > 0)
            {
                return;
            }

            _segments.Remove(service);
            await TearDownAsync(segment);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static string Tag(string service)
    {
        var tag = "nsm-" + service;
        return tag.Length > 63 ? tag[..63] : tag;
    }

    private async Task<bool> UplinkPresentAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.UplinkName))
        {
            return false;
        }

        if (_options.UplinkExists is { } exists)
        {
            return await exists(_options.UplinkName, cancellationToken);
        }

        // VPP runs in this process's namespace: the uplink must be there for af_packet to take it.
        using var ns = NetNs.OpenCurrentProcess();
        using var nl = await ns.OpenNetlinkAsync(cancellationToken);
        return await nl.TryGetLinkAsync(_options.UplinkName, cancellationToken) is not null;
    }

    private async Task WatchForUplinkAsync()
    {
        while (true)
        {
            await Task.Delay(_options.UplinkPollInterval, _options.Clock);
            await _lock.WaitAsync(CancellationToken.None);
            try
            {
                var waiting = _segments.Values.Where(s => s.Port is null).ToList();
                if (waiting.Count == 0)
                {
                    _watch = null;
                    return;
                }

                if (!await UplinkPresentAsync(CancellationToken.None))
                {
                    continue;
                }

                foreach (var segment in waiting)
                {
                    try
                    {
                        await AttachUplinkAsync(segment, CancellationToken.None);
                        LogUplinkAttached(_logger, _options.UplinkName!, _options.VlanId);
                    }
                    catch (Exception e) when (e is Core.NsmStatusException or VppApiException or VppDisconnectedException)
                    {
                        LogUplinkFailed(_logger, _options.UplinkName!, e.Message);
                    }
                }
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    private async Task AttachUplinkAsync(Segment segment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.UplinkName))
        {
            return;
        }

        var parent = await AfPacket.AfPacketCore.CreateAsync(_vpp, _options.UplinkName, null, 10240, cancellationToken);
        segment.Parent = parent;
        await UpAsync(parent, cancellationToken);
        var port = parent;
        if (_options.VlanId is { } vlan)
        {
            port = await _subInterfaces.AcquireAsync(_vpp, parent, vlan, _logger, cancellationToken);
            segment.SubInterface = port;
            await UpAsync(port, cancellationToken);
        }

        await VppCall.RequestAsync<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(
            _vpp, new SwInterfaceSetL2Bridge { RxSwIfIndex = port, BdId = segment.BridgeId, PortType = L2PortType.Normal, Enable = true }, cancellationToken);
        segment.Port = port;
    }

    private Task<SwInterfaceSetFlagsReply> UpAsync(uint swIfIndex, CancellationToken cancellationToken) =>
        VppCall.RequestAsync<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(
            _vpp, new SwInterfaceSetFlags { SwIfIndex = swIfIndex, Flags = IfStatusFlags.AdminUp }, cancellationToken);

    private async Task TearDownAsync(Segment segment)
    {
        if (segment.Port is { } port)
        {
            await VppCall.UndoAsync(_logger, "sw_interface_set_l2_bridge", () => VppCall.RequestAsync<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(
                _vpp, new SwInterfaceSetL2Bridge { RxSwIfIndex = port, BdId = segment.BridgeId, Enable = false }, CancellationToken.None));
        }

        if (segment.SubInterface is not null && segment.Parent is { } parentOfSub && _options.VlanId is { } vlan)
        {
            await _subInterfaces.ReleaseAsync(_vpp, parentOfSub, vlan, _logger);
        }

        if (segment.Parent is not null)
        {
            await VppCall.UndoAsync(_logger, "af_packet_delete", () => VppCall.RequestAsync<AfPacketDelete, AfPacketDeleteReply>(
                _vpp, new AfPacketDelete { HostIfName = _options.UplinkName! }, CancellationToken.None));
        }

        if (segment.Bridge)
        {
            await VppCall.UndoAsync(_logger, "bridge_domain_add_del_v2", () => VppCall.RequestAsync<BridgeDomainAddDelV2, BridgeDomainAddDelV2Reply>(
                _vpp, new BridgeDomainAddDelV2 { BdId = segment.BridgeId, IsAdd = false }, CancellationToken.None));
        }
    }

    [LoggerMessage(EventId = 4330, Level = LogLevel.Information, Message = "bridge: waiting for uplink {Uplink}: the clients share the segment, the uplink joins it when it appears")]
    private static partial void LogWaitingForUplink(ILogger logger, string uplink);

    [LoggerMessage(EventId = 4331, Level = LogLevel.Information, Message = "bridge: uplink {Uplink} attached as VLAN {Vlan}")]
    private static partial void LogUplinkAttached(ILogger logger, string uplink, ushort? vlan);

    [LoggerMessage(EventId = 4332, Level = LogLevel.Warning, Message = "bridge: attaching uplink {Uplink} failed: {Reason}")]
    private static partial void LogUplinkFailed(ILogger logger, string uplink, string reason);

    private sealed class Segment(uint bridgeId)
    {
        public uint BridgeId { get; } = bridgeId;

        public int Users { get; set; } = 1;

        public bool Bridge { get; set; }

        public uint? Parent { get; set; }

        public uint? SubInterface { get; set; }

        public uint? Port { get; set; }
    }
}
