using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// Per-element tracing: a span and Debug log lines around each element. Runs only when
/// <see cref="NsmContext.TraceEnabled"/> is set, so the default (Information) level pays one branch per element.
/// </summary>
internal static partial class ElementTrace
{
    public static async ValueTask<Connection> RequestAsync(
        INetworkServiceElement element, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next, bool isClient)
    {
        var name = element.GetType().Name;
        using var activity = NsmDiagnostics.ActivitySource.StartActivity(name + "/Request", ActivityKind.Internal);
        var id = request.Connection?.Id ?? string.Empty;
        activity?.SetTag("nsm.connection.id", id);
        LogRequest(context.Logger, isClient ? "client" : "server", name, id);
        try
        {
            var result = await element.RequestAsync(request, context, next).ConfigureAwait(false);
            LogRequestDone(context.Logger, name, result.Id);
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(context.Logger, name, "Request", id, ex.Message);
            throw;
        }
    }

    public static async ValueTask CloseAsync(
        INetworkServiceElement element, Connection connection, NsmContext context, NetworkServiceHandler next, bool isClient)
    {
        var name = element.GetType().Name;
        using var activity = NsmDiagnostics.ActivitySource.StartActivity(name + "/Close", ActivityKind.Internal);
        activity?.SetTag("nsm.connection.id", connection.Id);
        LogClose(context.Logger, isClient ? "client" : "server", name, connection.Id);
        try
        {
            await element.CloseAsync(connection, context, next).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(context.Logger, name, "Close", connection.Id, ex.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "{Side} {Element} Request {ConnectionId}")]
    private static partial void LogRequest(ILogger logger, string side, string element, string connectionId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Element} Request returned {ConnectionId}")]
    private static partial void LogRequestDone(ILogger logger, string element, string connectionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "{Side} {Element} Close {ConnectionId}")]
    private static partial void LogClose(ILogger logger, string side, string element, string connectionId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "{Element} {Operation} {ConnectionId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string element, string operation, string connectionId, string error);
}
