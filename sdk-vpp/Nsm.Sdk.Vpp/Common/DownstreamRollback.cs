using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>When an element fails after <c>next</c> answered a first Request, the rest of the chain is closed so nothing is left behind.</summary>
internal static partial class DownstreamRollback
{
    /// <summary>
    /// Makes one side's VPP interface after <c>next</c> answered: when <paramref name="setUp"/> fails on the connection's
    /// first Request (the side had no interface yet), <paramref name="undo"/> and the rest of the chain's Close run
    /// before the error goes back; on a refresh the error goes back as it is.
    /// </summary>
    public static async Task<Connection> SetUpAsync(
        Connection connection, NsmContext context, NetworkServiceHandler next, bool isClient, Func<Task> setUp, Func<Task>? undo, ILogger logger)
    {
        var first = !VppInterfaces.TryLoad(context, isClient, out _);
        try
        {
            await setUp();
        }
        catch (NsmStatusException) when (first)
        {
            if (undo is not null)
            {
                await undo();
            }

            await CloseAsync(connection, context, next, logger);
            throw;
        }

        return connection;
    }

    public static async Task CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next, ILogger logger)
    {
        try
        {
            await next.CloseAsync(connection, context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The element's own error is what the caller gets; a failed downstream Close only gets logged.
            LogCloseFailed(logger, connection.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "closing the rest of the chain for {ConnectionId} after a VPP failure failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string connectionId, string reason);
}
