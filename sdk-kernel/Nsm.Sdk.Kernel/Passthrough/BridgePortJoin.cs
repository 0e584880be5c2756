using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Passthrough;

/// <summary>
/// The background join of a connection's incoming interface to a bridge (<see cref="KernelXconnect"/>'s and
/// <see cref="Segments.L2SegmentServer"/>'s): the interface only exists once the caller's forwarder has the response,
/// so it joins as soon as it is there and up; the outcome is logged, never thrown.
/// </summary>
internal static partial class BridgePortJoin
{
    /// <summary>Waits for <paramref name="port"/> and joins it to <paramref name="bridge"/>.</summary>
    /// <param name="element">The element's name in the log lines (<c>xconnect</c>, <c>l2 segment</c>).</param>
    /// <param name="open">Opens the namespace.</param>
    /// <param name="bridge">The bridge.</param>
    /// <param name="port">The interface.</param>
    /// <param name="connectionId">The connection (logged).</param>
    /// <param name="timing">The clock, the poll interval and the timeout.</param>
    /// <param name="logger">The Request's logger.</param>
    /// <param name="cancellationToken">Stops waiting (the connection was closed).</param>
    /// <returns>True when joined; false when it did not appear in time, was cancelled or failed.</returns>
    public static async Task<bool> RunAsync(string element, Func<NetNs> open, string bridge, string port, string connectionId, (TimeProvider Clock, TimeSpan Poll, TimeSpan Timeout) timing, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (!await ConnectionBridge.JoinWhenUpAsync(open, bridge, port, timing.Clock, timing.Poll, timing.Timeout, cancellationToken).ConfigureAwait(false))
            {
                LogNotJoined(logger, element, port, timing.Timeout, bridge);
                return false;
            }

            LogJoined(logger, element, port, bridge, connectionId);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException)
        {
            LogJoinFailed(logger, e, element, port, bridge);
            return false;
        }
    }

    /// <summary>Logs a port that joined at once (the passthrough's outgoing interface).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="element">The element's name.</param>
    /// <param name="port">The interface.</param>
    /// <param name="bridge">The bridge.</param>
    /// <param name="connectionId">The connection.</param>
    public static void Joined(ILogger logger, string element, string port, string bridge, string connectionId) => LogJoined(logger, element, port, bridge, connectionId);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "{Element}: {Interface} joined bridge {Bridge} ({Connection})")]
    private static partial void LogJoined(ILogger logger, string element, string @interface, string bridge, string connection);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "{Element}: the incoming interface {Interface} did not appear within {Timeout}; it is not in bridge {Bridge}")]
    private static partial void LogNotJoined(ILogger logger, string element, string @interface, TimeSpan timeout, string bridge);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "{Element}: joining {Interface} to bridge {Bridge} failed")]
    private static partial void LogJoinFailed(ILogger logger, Exception e, string element, string @interface, string bridge);
}
