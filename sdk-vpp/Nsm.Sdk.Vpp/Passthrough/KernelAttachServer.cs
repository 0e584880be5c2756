using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;

namespace Nsm.Sdk.Vpp.Passthrough;

/// <summary>
/// Runs the VPP elements that need the incoming KERNEL interface (af_packet on it, then up, cross-connect, ACL: the
/// <paramref name="attach"/> chain, post elements that end in <see cref="AfPacket.AfPacketServer"/>) once that interface
/// exists. The caller's forwarder makes it in this namespace only after it received the answer, so when it is not there
/// yet the attach runs in the background as soon as it appears (<see cref="WhenAttachedAsync"/>); when it is there (a
/// refresh, or a forwarder that made it first) the attach runs before the answer and its error is the caller's status.
/// Close stops a pending attach, closes the attach chain (which removes what it made), then the rest of the chain.
/// </summary>
/// <param name="attach">The elements to run on the incoming interface, in chain order.</param>
/// <param name="options">How to wait for the interface; defaults when null.</param>
/// <param name="logger">Logs background attaches and their failures.</param>
public sealed partial class KernelAttachServer(INetworkServiceServer attach, KernelAttachOptions? options = null, ILogger? logger = null) : INetworkServiceServer
{
    private readonly INetworkServiceServer _attach = attach ?? throw new ArgumentNullException(nameof(attach));
    private readonly KernelAttachOptions _options = Validated(options ?? new KernelAttachOptions());
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Waits until a connection's background attach ended (at once when none is pending).</summary>
    /// <param name="connectionId">The connection.</param>
    /// <returns>A task that completes when the attach succeeded, failed or was stopped.</returns>
    public Task WhenAttachedAsync(string connectionId)
    {
        lock (_pending)
        {
            return _pending.TryGetValue(connectionId, out var pending) ? pending.Task : Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = await next.RequestAsync(request, context);
        var name = KernelMechanism.ToMechanism(connection.Mechanism)?.InterfaceName;
        if (string.IsNullOrEmpty(name))
        {
            return connection;
        }

        lock (_pending)
        {
            if (_pending.TryGetValue(connection.Id, out var running) && !running.Task.IsCompleted)
            {
                return connection;
            }
        }

        if (_options.InterfaceExists(name))
        {
            var first = !VppInterfaces.TryLoad(context, isClient: false, out _);
            try
            {
                await _attach.RequestAsync(AttachRequest(connection), context, NetworkServiceHandler.Tail);
            }
            catch (NsmStatusException) when (first)
            {
                await DownstreamRollback.CloseAsync(connection, context, next, _logger);
                throw;
            }

            return connection;
        }

        Start(connection, name, context);
        return connection;
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        Pending? pending;
        lock (_pending)
        {
            _pending.Remove(connection.Id, out pending);
        }

        if (pending is not null)
        {
            await pending.Stop.CancelAsync();
            await pending.Task;
            pending.Stop.Dispose();
        }

        await _attach.CloseAsync(connection, context, NetworkServiceHandler.Tail);
        await next.CloseAsync(connection, context);
    }

    private static KernelAttachOptions Validated(KernelAttachOptions options)
    {
        options.Validate();
        return options;
    }

    private static NetworkServiceRequest AttachRequest(Connection connection) => new() { Connection = connection.Clone() };

    private void Start(Connection connection, string name, NsmContext context)
    {
        var stop = new CancellationTokenSource();
        var background = context.Fork(null, stop.Token);
        var task = Task.Run(() => AttachWhenThereAsync(connection.Clone(), name, background, stop.Token), CancellationToken.None);
        lock (_pending)
        {
            _pending[connection.Id] = new Pending(task, stop);
        }
    }

    private async Task AttachWhenThereAsync(Connection connection, string name, NsmContext context, CancellationToken cancellationToken)
    {
        try
        {
            var deadline = context.Clock.GetUtcNow() + _options.Timeout;
            while (!_options.InterfaceExists(name))
            {
                if (context.Clock.GetUtcNow() > deadline)
                {
                    LogNeverAppeared(_logger, connection.Id, name, _options.Timeout);
                    return;
                }

                await Task.Delay(_options.PollInterval, context.Clock, cancellationToken);
            }

            await _attach.RequestAsync(AttachRequest(connection), context, NetworkServiceHandler.Tail);
            LogAttached(_logger, connection.Id, name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed before the interface came (or while attaching: the elements undid what they made).
        }
#pragma warning disable CA1031 // a background attach logs its failure; the elements already undid what they made
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(_logger, connection.Id, name, e.Message);
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "kernelattach: {ConnectionId}: VPP attached to {Interface}")]
    private static partial void LogAttached(ILogger logger, string connectionId, string @interface);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "kernelattach: {ConnectionId}: {Interface} did not appear within {Timeout}; its traffic does not pass")]
    private static partial void LogNeverAppeared(ILogger logger, string connectionId, string @interface, TimeSpan timeout);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "kernelattach: {ConnectionId}: attaching VPP to {Interface} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string connectionId, string @interface, string reason);

    private sealed record Pending(Task Task, CancellationTokenSource Stop);
}
