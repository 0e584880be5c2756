using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>
/// The Request of a server element that joins the connection's incoming KERNEL interface to a bridge once the rest of
/// the chain has answered (<see cref="KernelXconnect"/>, <see cref="Segments.L2SegmentServer"/>). When the join fails,
/// or the caller cancels after next succeeded, the whole connection is closed again with a context of its own
/// (upstream's postpone: the Request's may be cancelled), or what the rest of the chain set up is left behind.
/// </summary>
internal static partial class JoinAfterNext
{
    /// <summary>Runs next, then <paramref name="join"/> with the incoming interface's name.</summary>
    /// <param name="element">The element's name in errors and logs.</param>
    /// <param name="request">The request.</param>
    /// <param name="context">The Request's context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <param name="join">Joins the connection (its incoming interface's name given); throws an <see cref="NsmStatusException"/> to refuse.</param>
    /// <param name="close">The element's own Close (runs on to next).</param>
    /// <returns>The connection.</returns>
    public static async ValueTask<Connection> RequestAsync(
        string element, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next, Func<Connection, string, Task> join, Func<Connection, NsmContext, ValueTask> close)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var postponed = PostponedClose.Capture(context);
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        try
        {
            var incoming = KernelMechanism.ToMechanism(conn.Mechanism)?.InterfaceName;
            if (string.IsNullOrEmpty(incoming))
            {
                throw new NsmStatusException(StatusCode.FailedPrecondition, $"{element}: the connection must be KERNEL with an interface name (got {conn.Mechanism?.Type ?? "none"})");
            }

            await join(conn, incoming).ConfigureAwait(false);
            return conn;
        }
        catch (Exception e)
        {
            if (await postponed.RunAsync(context, c => close(conn.Clone(), c)).ConfigureAwait(false) is { } closeError)
            {
                LogCloseFailed(context.Logger, element, conn.Id, closeError.Message);
            }

            if (e is NsmStatusException || (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new NsmStatusException(StatusCode.Internal, $"{element}: joining the connection's interfaces failed: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "{Element}: closing connection {Connection} after its failed Request failed: {Error}")]
    private static partial void LogCloseFailed(ILogger logger, string element, string connection, string error);
}
