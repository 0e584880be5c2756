using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.TrimPath;

/// <summary>
/// Marks the connection as passed on (in the client metadata) after a successful Request, so the component's
/// <see cref="TrimPathServer"/> keeps the downstream path in its response.
/// </summary>
/// <remarks>Placement: near the tail of the client chain, after metadata. Without metadata it does nothing.</remarks>
public sealed class TrimPathClient : INetworkServiceClient
{
    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        context.Metadata?.Client.Store(TrimPathKeys.DontTrim, true);
        return conn;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
