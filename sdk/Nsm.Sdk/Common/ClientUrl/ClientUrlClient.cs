using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClientUrl;

/// <summary>
/// Sets <see cref="NsmContext.ClientUrl"/> to a fixed URL, so dial connects to it; with no URL it leaves the
/// context alone (the URL may come from an earlier element, or a connection from clientconn).
/// </summary>
/// <param name="url">The URL of the next hop, or <see langword="null"/>.</param>
public sealed class ClientUrlClient(Uri? url) : INetworkServiceClient
{
    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (url is not null)
        {
            context.ClientUrl = url;
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (url is not null)
        {
            context.ClientUrl = url;
        }

        return next.CloseAsync(connection, context);
    }
}
