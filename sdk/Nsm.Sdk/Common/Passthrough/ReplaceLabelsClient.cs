using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Passthrough;

/// <summary>
/// Sends a fixed label map downstream instead of the caller's labels, and gives the caller its own labels back on
/// the response. Close carries the fixed labels too.
/// </summary>
public sealed class ReplaceLabelsClient : INetworkServiceClient
{
    private readonly Dictionary<string, string> _labels;

    /// <summary>Initializes the element.</summary>
    /// <param name="labels">The labels every downstream Request and Close carries (copied).</param>
    public ReplaceLabelsClient(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        request.Connection ??= new Connection();
        var original = new Dictionary<string, string>(request.Connection.Labels);
        Replace(request.Connection, _labels);
        try
        {
            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            Replace(conn, original);
            return conn;
        }
        finally
        {
            Replace(request.Connection, original);
        }
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        var downstream = connection.Clone();
        Replace(downstream, _labels);
        return next.CloseAsync(downstream, context);
    }

    private static void Replace(Connection connection, IReadOnlyDictionary<string, string> labels)
    {
        connection.Labels.Clear();
        foreach (var (key, value) in labels)
        {
            connection.Labels[key] = value;
        }
    }
}
