using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Kernel.Conntrack;
using Nsm.Sdk.Kernel.Flows;

namespace IdsEndpoint;

/// <summary>
/// What the IDS does with the flows: logs each one the watch admits when the kernel confirms it (conntrack New: its
/// 5-tuple) and when it ends (Destroy: its packets and bytes), and every flow a signature dropped (read from the
/// watch's nft sets every poll interval). No packet is copied to user space. Fork this to alert, export or block.
/// </summary>
internal sealed partial class FlowLog(NftFlowWatch watch, TimeSpan pollInterval, TimeProvider clock, ILogger<FlowLog> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(LogFlowsAsync(stoppingToken), LogDropsAsync(stoppingToken));

    private async Task LogFlowsAsync(CancellationToken cancellationToken)
    {
        using var listener = await ConntrackListener.OpenAsync(null, ConntrackEventType.New | ConntrackEventType.Destroy, cancellationToken);
        long overruns = 0;
        try
        {
            await foreach (var e in listener.ReadAllAsync(cancellationToken))
            {
                if (listener.Overruns != overruns)
                {
                    overruns = listener.Overruns;
                    LogOverrun(logger, overruns);
                }

                if (e.Mark != watch.Options.Mark)
                {
                    continue; // not a flow through this NSE (its own sockets)
                }

                if (e.Type == ConntrackEventType.New)
                {
                    LogNew(logger, e.Original);
                }
                else
                {
                    var (original, reply) = (e.OriginalCounters ?? default, e.ReplyCounters ?? default);
                    LogEnded(logger, e.Original, original.Packets + reply.Packets, original.Bytes + reply.Bytes, original.Packets, reply.Packets);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task LogDropsAsync(CancellationToken cancellationToken)
    {
        if (watch.Options.Signatures.IsEmpty)
        {
            return;
        }

        using var timer = new PeriodicTimer(pollInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    foreach (var dropped in (await watch.ReadAsync(cancellationToken)).Dropped)
                    {
                        LogDropped(logger, dropped.Flow, dropped.Signature.Line, dropped.Signature);
                    }
                }
                catch (InvalidOperationException e)
                {
                    LogReadFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "new flow {Flow}")]
    private static partial void LogNew(ILogger logger, ConntrackTuple flow);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "flow ended {Flow}: {Packets} packets, {Bytes} bytes ({Sent} sent, {Received} received)")]
    private static partial void LogEnded(ILogger logger, ConntrackTuple flow, ulong packets, ulong bytes, ulong sent, ulong received);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "dropped by signature {Flow} (NSM_IDS_DROP line {Line}: {Signature})")]
    private static partial void LogDropped(ILogger logger, ConntrackTuple flow, int line, AclRule signature);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "conntrack events were lost ({Overruns} socket overruns): some flows are not logged")]
    private static partial void LogOverrun(ILogger logger, long overruns);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "reading the dropped flows failed: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string error);
}
