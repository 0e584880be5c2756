using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.Tests.Support;

/// <summary>An element that records that Close reached it.</summary>
public sealed class CloseProbe(Action onClose) : INetworkServiceServer, INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        next.RequestAsync(request, context);

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        onClose();
        return next.CloseAsync(connection, context);
    }
}
