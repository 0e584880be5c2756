using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Metrics;

/// <summary>
/// What <see cref="MetricsServer"/> and <see cref="MetricsClient"/> share: Requests, Closes and Request durations by
/// network service and result, and the connections this side holds (a successful Request adds one, a Close removes it).
/// On the server side it also writes a connection's life at INFO: one line when it is established, one when it is
/// closed (refreshes at DEBUG), each with the connection id.
/// </summary>
/// <param name="metrics">The instruments.</param>
/// <param name="side"><c>server</c> or <c>client</c>.</param>
internal sealed partial class ConnectionMetrics(NsmMetrics metrics, string side)
{
    /// <summary>The side of a server chain.</summary>
    public const string Server = "server";

    /// <summary>The side of a client chain.</summary>
    public const string Client = "client";

    private readonly ConcurrentDictionary<string, string> _active = new(StringComparer.Ordinal);

    /// <summary>Gets the number of connections this side holds.</summary>
    public int ActiveCount => _active.Count;

    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var clock = context.Clock;
        var start = clock.GetTimestamp();
        var service = request.Connection?.NetworkService ?? string.Empty;
        Connection conn;
        try
        {
            conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RecordRequest(service, Result(ex, context), clock.GetElapsedTime(start));
            throw;
        }

        var elapsed = clock.GetElapsedTime(start);
        RecordRequest(service, NsmMetricNames.ResultOk, elapsed);
        if (_active.TryAdd(conn.Id, conn.NetworkService))
        {
            metrics.ConnectionsActive.Add(1, Tags(conn.NetworkService));
            if (side == Server)
            {
                LogEstablished(context.Logger, conn.Id, conn.NetworkService, conn.NetworkServiceEndpointName, elapsed.TotalMilliseconds);
            }
        }
        else if (side == Server)
        {
            LogRefreshed(context.Logger, conn.Id, elapsed.TotalMilliseconds);
        }

        return conn;
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        var result = NsmMetricNames.ResultOk;
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            result = Result(ex, context);
            throw;
        }
        finally
        {
            metrics.Closes.Add(1, Tags(connection.NetworkService, result));
            if (_active.TryRemove(connection.Id, out var service))
            {
                metrics.ConnectionsActive.Add(-1, Tags(service));
                if (side == Server)
                {
                    LogClosed(context.Logger, connection.Id, service, result);
                }
            }
        }
    }

    private static string Result(Exception ex, NsmContext context) => GrpcErrors.ToRpcException(ex, context).StatusCode.ToString();

    private void RecordRequest(string service, string result, TimeSpan elapsed)
    {
        var tags = Tags(service, result);
        metrics.Requests.Add(1, tags);
        metrics.RequestDuration.Record(elapsed.TotalSeconds, tags);
    }

    private TagList Tags(string service) => new()
    {
        { NsmMetricNames.NetworkServiceTag, service },
        { NsmMetricNames.SideTag, side },
    };

    private TagList Tags(string service, string result) => new()
    {
        { NsmMetricNames.NetworkServiceTag, service },
        { NsmMetricNames.SideTag, side },
        { NsmMetricNames.ResultTag, result },
    };

    [LoggerMessage(EventId = 1250, Level = LogLevel.Information, Message = "established {ConnectionId}: service {Service}, endpoint {Endpoint}, {ElapsedMs:F0} ms")]
    private static partial void LogEstablished(ILogger logger, string connectionId, string service, string endpoint, double elapsedMs);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Debug, Message = "refreshed {ConnectionId}, {ElapsedMs:F0} ms")]
    private static partial void LogRefreshed(ILogger logger, string connectionId, double elapsedMs);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Information, Message = "closed {ConnectionId}: service {Service}, {Result}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string service, string result);
}
