using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Conntrack;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Flows;

/// <summary>
/// Watches the flows an NSE forwards, with no packet copied to user space: one nftables table (family <c>inet</c>,
/// forward hook) that drops the flows matching a signature and remembers them in nft sets, and counts and marks
/// every other new flow, so that the kernel tracks them (conntrack) and a <see cref="ConntrackListener"/> reports
/// each one with its 5-tuple, and its packets and bytes when it ends (<c>nf_conntrack_acct</c> is turned on in the
/// namespace). The table is installed with the first connection (<see cref="AddAsync"/>) and removed with the last
/// one; then the marked flows still tracked are flushed, so their Destroy events report the final counters, and
/// nothing of the watch is left in <c>nft list ruleset</c>. <see cref="FlowWatchServer"/> puts it in an endpoint chain.
/// </summary>
public sealed class NftFlowWatch : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private HashSet<DroppedFlow> _seen = [];

    /// <summary>Creates the watch (nothing is installed until the first connection).</summary>
    /// <param name="options">The table, signatures and mark, or the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NftFlowWatch(FlowWatchOptions? options = null)
    {
        Options = options ?? new FlowWatchOptions();
        Options.Validate();
    }

    /// <summary>Gets the options.</summary>
    public FlowWatchOptions Options { get; }

    /// <summary>Gets the connections watched.</summary>
    public IReadOnlyCollection<string> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Starts watching for a connection (on a refresh: nothing); the first one installs the table.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the table is in force.</returns>
    /// <exception cref="InvalidOperationException">nft failed (its error output is in the message).</exception>
    public async ValueTask AddAsync(string connectionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connections.Contains(connectionId))
            {
                return;
            }

            if (_connections.Count == 0)
            {
                await NftProgram.RunAsync(Options.NetNsPath, ["-f", "-"], NftFlowDocument.Install(Options), cancellationToken).ConfigureAwait(false);
                using var ns = OpenNamespace();
                await ns.WriteSysctlAsync("net.netfilter.nf_conntrack_acct", "1", cancellationToken).ConfigureAwait(false);
                _seen = [];
            }

            lock (_connections)
            {
                _connections.Add(connectionId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops watching for a connection; the last one removes the table and flushes the marked flows.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the connection is no longer watched.</returns>
    public async ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool last;
            lock (_connections)
            {
                last = _connections.Remove(connectionId) && _connections.Count == 0;
            }

            if (last)
            {
                await UninstallLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads the counters and the dropped flows (one <c>nft</c> run); <see cref="FlowWatchReading.Dropped"/> has only
    /// the flows the previous reading did not show, so a caller that reads periodically sees each dropped flow once
    /// (again after it was forgotten: <see cref="FlowWatchOptions.DroppedFlowTimeout"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reading; <see cref="FlowWatchReading.None"/> when no connection is watched.</returns>
    public async Task<FlowWatchReading> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connections.Count == 0)
            {
                return FlowWatchReading.None;
            }

            var json = await NftProgram.RunAsync(Options.NetNsPath, ["-n", "list", "table", NftJson.Inet, Options.TableName], null, cancellationToken).ConfigureAwait(false);
            var (newFlows, counters, dropped) = NftFlowDocument.Read(json, Options.Signatures);
            var now = dropped.ToHashSet();
            var fresh = dropped.Where(d => !_seen.Contains(d)).Distinct().ToList();
            _seen = now;
            return new FlowWatchReading(newFlows, counters, fresh);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the table (when installed).</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool any;
            lock (_connections)
            {
                any = _connections.Count > 0;
                _connections.Clear();
            }

            if (any)
            {
                await UninstallLockedAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private NetNs OpenNamespace() => Options.NetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    private async Task UninstallLockedAsync(CancellationToken cancellationToken)
    {
        await NftProgram.RunAsync(Options.NetNsPath, ["-f", "-"], NftFlowDocument.Remove(Options.TableName), cancellationToken).ConfigureAwait(false);
        _seen = [];
        try
        {
            using var ns = OpenNamespace();
            await ConntrackTable.FlushAsync(ns, Options.Mark, cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException)
        {
            // Best effort: the flows then end by their own timeouts (their Destroy events come later).
        }
    }
}
