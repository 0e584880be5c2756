using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.TrimPath;

/// <summary>
/// Makes a pure endpoint return the path only up to its own segment, while passthrough hops (nsmgr, forwarder),
/// whose client half ran <see cref="TrimPathClient"/>, return the whole downstream path.
/// </summary>
/// <remarks>Placement: after metadata in the server chain. Without metadata the path is always trimmed.</remarks>
public sealed class TrimPathServer : INetworkServiceServer
{
    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        if (context.Metadata is { } metadata && metadata.Client.TryLoadAndDelete(TrimPathKeys.DontTrim, out _))
        {
            return conn;
        }

        if (conn.Path is { } path)
        {
            var keep = (int)path.Index + 1;
            while (path.PathSegments.Count > keep)
            {
                path.PathSegments.RemoveAt(path.PathSegments.Count - 1);
            }
        }

        return conn;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
