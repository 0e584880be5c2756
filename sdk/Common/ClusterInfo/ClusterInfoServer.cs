using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Common.ClusterInfo;

/// <summary>
/// Upstream <c>clusterinfo</c>: reads a YAML map (e.g. <c>clusterName: east</c>) from a file on every Request and writes
/// it into the connection's labels, <b>overwriting</b> existing keys. A missing or malformed file adds nothing and is
/// logged as a warning; it never fails the Request.
/// </summary>
public sealed partial class ClusterInfoServer : INetworkServiceServer
{
    private readonly string _path;

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
        foreach (var (key, value) in Read(context.Logger))
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

    private Dictionary<string, string> Read(ILogger logger)
    {
        try
        {
            var documents = DocumentTree.Load(File.ReadAllText(_path));
            if (documents.Count == 0)
            {
                return [];
            }

            var root = documents[0] as DocumentObject ?? throw new RegistryDocumentException("the document is not a mapping of names to values");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in root.Entries)
            {
                if (value is string text)
                {
                    map[key] = text;
                }
            }

            return map;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RegistryDocumentException)
        {
            LogUnreadable(logger, _path, e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "clusterinfo: cannot use {Path}: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);
}
