using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClusterInfo;

/// <summary>
/// Upstream <c>clusterinfo</c>: reads a YAML map (e.g. <c>clusterName: east</c>) from a file on every Request and writes
/// it into the connection's labels, <b>overwriting</b> existing keys. A missing or malformed file adds nothing and never
/// fails the Request; it is logged as a warning when the problem first appears (or changes), then only at Debug level.
/// </summary>
public sealed partial class ClusterInfoServer : INetworkServiceServer
{
    private readonly string _path;
    private string? _problem; // the last problem warned about; null while the file reads fine

    /// <summary>Creates the element.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    public ClusterInfoServer(ClusterInfoOptions? options = null)
    {
        _path = options?.ConfigPath ?? ClusterInfoOptions.DefaultConfigPath;
        ArgumentException.ThrowIfNullOrEmpty(_path, nameof(options));
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        foreach (var (key, value) in Read(context.Logger, conn.Id))
        {
            conn.Labels[key] = value;
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private Dictionary<string, string> Read(ILogger logger, string connectionId)
    {
        Dictionary<string, string> map;
        try
        {
            map = Parse();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            if (Interlocked.Exchange(ref _problem, e.Message) != e.Message)
            {
                LogUnreadable(logger, _path, e.Message);
            }
            else
            {
                LogStillUnreadable(logger, connectionId, _path, e.Message);
            }

            return [];
        }

        if (Interlocked.Exchange(ref _problem, null) is not null)
        {
            LogReadable(logger, _path);
        }

        return map;
    }

    private Dictionary<string, string> Parse()
    {
        var root = YamlConfigFile.ReadMapping(File.ReadAllText(_path), "the document is not a mapping of names to values");
        var map = root is null ? [] : YamlConfigFile.Scalars(root);
        return map;
    }

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "clusterinfo: cannot use {Path}: {Error}; no cluster labels are added until it can be read (logged once)")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Debug, Message = "clusterinfo: {ConnectionId}: cannot use {Path}: {Error}")]
    private static partial void LogStillUnreadable(ILogger logger, string connectionId, string path, string error);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Information, Message = "clusterinfo: {Path} can be read again")]
    private static partial void LogReadable(ILogger logger, string path);
}
