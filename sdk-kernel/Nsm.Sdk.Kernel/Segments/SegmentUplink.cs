using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Sdk.Kernel.Segments;

/// <summary>
/// A segment's VLAN uplink, watched: the uplink may appear after the NSE starts (a pod's second interface), go and
/// come back. Every poll looks for it by name; when it is there (a new one: another ifindex) the VLAN is set up on it
/// (<see cref="VlanUplink"/>) and its port joins the segment's bridge; when it is gone, what was set up on it is
/// released (the kernel removed the filters or the vlan link with it).
/// </summary>
internal sealed partial class SegmentUplink : IAsyncDisposable
{
    private readonly NetlinkHandle _netlink;
    private readonly string _bridge;
    private readonly int _vlanId;
    private readonly string _uplink;
    private readonly VlanUplinkMode _mode;
    private readonly VlanSupport _support;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _poll;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttach = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _watch = Task.CompletedTask;
    private VlanUplink? _attached;
    private int _attachedIndex;
    private string? _lastError;

    private SegmentUplink(NetlinkHandle netlink, string bridge, L2SegmentOptions options, VlanSupport support, TimeProvider clock, ILogger logger)
    {
        _netlink = netlink;
        _bridge = bridge;
        _vlanId = options.VlanId!.Value;
        _uplink = options.UplinkName;
        _mode = support.Resolve(options.UplinkMode);
        _support = support;
        _clock = clock;
        _poll = options.UplinkPollInterval;
        _logger = logger;
    }

    /// <summary>Gets the interface in the bridge that carries the VLAN untagged, or null while the uplink is not there.</summary>
    public string? Port => Volatile.Read(ref _attached)?.Port;

    /// <summary>Gets the mode in use (never Auto).</summary>
    public VlanUplinkMode Mode => _mode;

    /// <summary>Completes the first time the uplink is attached.</summary>
    public Task WhenAttached => _firstAttach.Task;

    /// <summary>Resolves the mode (a node without it fails here) and starts watching for the uplink.</summary>
    public static SegmentUplink Start(NetlinkHandle netlink, string bridge, L2SegmentOptions options, VlanSupport support, TimeProvider clock, ILogger logger)
    {
        var uplink = new SegmentUplink(netlink, bridge, options, support, clock, logger);
        LogWatching(logger, options.UplinkName, options.VlanId!.Value, uplink._mode, bridge);
        uplink._watch = uplink.WatchAsync(uplink._stop.Token);
        return uplink;
    }

    /// <summary>Stops watching and removes what was set up on the uplink (the tagger's filters and programs, or the vlan link).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(false);
        _stop.Dispose();
        await ReleaseAsync().ConfigureAwait(false);
        _netlink.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(cancellationToken).ConfigureAwait(false);
                _lastError = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KernelException or BpfException or IOException)
            {
                if (_lastError != e.Message)
                {
                    LogAttachFailed(_logger, e, _uplink, _vlanId); // once per distinct error, then quietly retried
                    _lastError = e.Message;
                }
            }

            try
            {
                await Task.Delay(_poll, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var link = await _netlink.TryGetLinkAsync(_uplink, cancellationToken).ConfigureAwait(false);
        if (link is not null && _attached is not null && link.Index == _attachedIndex)
        {
            return;
        }

        if (_attached is not null)
        {
            LogGone(_logger, _uplink, _vlanId, _bridge);
            await ReleaseAsync().ConfigureAwait(false);
        }

        if (link is null)
        {
            return;
        }

        var uplink = await VlanUplink.CreateAsync(_netlink, _uplink, _vlanId, _mode, _support, cancellationToken).ConfigureAwait(false);
        try
        {
            await _netlink.SetLinkUpAsync(_uplink, cancellationToken).ConfigureAwait(false);
            await _netlink.SetMasterAsync(uplink.Port, _bridge, cancellationToken).ConfigureAwait(false);
            await _netlink.SetLinkUpAsync(uplink.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await uplink.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _attachedIndex = link.Index;
        Volatile.Write(ref _attached, uplink);
        LogAttached(_logger, _uplink, _vlanId, uplink.Mode, uplink.Port, _bridge);
        _firstAttach.TrySetResult();
    }

    private async Task ReleaseAsync()
    {
        var attached = Interlocked.Exchange(ref _attached, null);
        if (attached is not null)
        {
            await attached.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "l2 segment: waiting for uplink {Uplink} to carry bridge {Bridge} as VLAN {Vlan} ({Mode})")]
    private static partial void LogWatching(ILogger logger, string uplink, int vlan, VlanUplinkMode mode, string bridge);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Information, Message = "l2 segment: uplink {Uplink} attached as VLAN {Vlan} ({Mode}, port {Port} in bridge {Bridge})")]
    private static partial void LogAttached(ILogger logger, string uplink, int vlan, VlanUplinkMode mode, string port, string bridge);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "l2 segment: uplink {Uplink} is gone (VLAN {Vlan}, bridge {Bridge}); waiting for it to come back")]
    private static partial void LogGone(ILogger logger, string uplink, int vlan, string bridge);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Warning, Message = "l2 segment: attaching uplink {Uplink} as VLAN {Vlan} failed; retrying")]
    private static partial void LogAttachFailed(ILogger logger, Exception e, string uplink, int vlan);
}
