using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClientInfo;

/// <summary>
/// Upstream <c>clientinfo</c>: adds the labels <c>nodeName</c>, <c>podName</c> and <c>clusterName</c> to the connection from
/// the environment variables <c>NODE_NAME</c>, <c>POD_NAME</c> and <c>CLUSTER_NAME</c>. An existing label is never
/// overwritten; a missing variable adds nothing and is logged as a warning. The environment is read on every Request.
/// </summary>
public sealed partial class ClientInfoClient : INetworkServiceClient
{
    /// <summary>The label names and the environment variables they come from.</summary>
    public static readonly IReadOnlyList<(string Label, string Variable)> Labels =
        [("nodeName", "NODE_NAME"), ("podName", "POD_NAME"), ("clusterName", "CLUSTER_NAME")];

    private readonly Func<string, string?> _getEnv;

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
        foreach (var (label, variable) in Labels)
        {
            var value = _getEnv(variable);
            if (string.IsNullOrEmpty(value))
            {
                LogMissing(context.Logger, variable, label);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "clientinfo: environment variable {Variable} is not set; label {Label} not added")]
    private static partial void LogMissing(ILogger logger, string variable, string label);
}
