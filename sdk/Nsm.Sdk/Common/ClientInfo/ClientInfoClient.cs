using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClientInfo;

/// <summary>
/// Upstream <c>clientinfo</c>: adds the labels <c>nodeName</c>, <c>podName</c> and <c>clusterName</c> to the connection from
/// the environment variables <c>NODE_NAME</c>, <c>POD_NAME</c> and <c>CLUSTER_NAME</c>. An existing label is never
/// overwritten; a missing variable adds nothing. The environment is read on every Request; an unset variable is logged
/// as a warning once per element instance (the first Request that misses it), then only at Debug level.
/// </summary>
public sealed partial class ClientInfoClient : INetworkServiceClient
{
    /// <summary>The label names and the environment variables they come from.</summary>
    public static readonly IReadOnlyList<(string Label, string Variable)> Labels =
        [("nodeName", "NODE_NAME"), ("podName", "POD_NAME"), ("clusterName", "CLUSTER_NAME")];

    private readonly Func<string, string?> _getEnv;
    private int _warned; // bit i set: the warning for Labels[i] was logged

    /// <summary>Creates the element.</summary>
    /// <param name="options">The options; <see langword="null"/> to read the process environment.</param>
    public ClientInfoClient(ClientInfoOptions? options = null) =>
        _getEnv = options?.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        for (var i = 0; i < Labels.Count; i++)
        {
            var (label, variable) = Labels[i];
            var value = _getEnv(variable);
            if (string.IsNullOrEmpty(value))
            {
                ReportMissing(context.Logger, i, variable, label, conn.Id);
                continue;
            }

            conn.Labels.TryAdd(label, value);
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private void ReportMissing(ILogger logger, int index, string variable, string label, string connectionId)
    {
        var bit = 1 << index;
        if ((Interlocked.Or(ref _warned, bit) & bit) == 0)
        {
            LogMissing(logger, variable, label);
        }
        else
        {
            LogStillMissing(logger, connectionId, variable, label);
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "clientinfo: environment variable {Variable} is not set; label {Label} will not be added (logged once)")]
    private static partial void LogMissing(ILogger logger, string variable, string label);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "clientinfo: {ConnectionId}: environment variable {Variable} is not set; label {Label} not added")]
    private static partial void LogStillMissing(ILogger logger, string connectionId, string variable, string label);
}
