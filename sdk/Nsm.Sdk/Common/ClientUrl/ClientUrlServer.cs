using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClientUrl;

/// <summary>Sets <see cref="NsmContext.ClientUrl"/> to a fixed URL, so the client half dials it.</summary>
/// <param name="url">The URL of the next hop.</param>
public sealed class ClientUrlServer(Uri url) : INetworkServiceServer
{
    private readonly Uri _url = url ?? throw new ArgumentNullException(nameof(url));

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ClientUrl = _url;
        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ClientUrl = _url;
        return next.CloseAsync(connection, context);
    }
}
