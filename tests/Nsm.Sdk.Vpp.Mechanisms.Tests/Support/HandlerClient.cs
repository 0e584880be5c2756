using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests.Support;

/// <summary>Ends a client chain at a handler (the NSE, or the next forwarder): the chain's own next is never called.</summary>
public sealed class HandlerClient(NetworkServiceHandler target) : INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) => target.RequestAsync(request, context);

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => target.CloseAsync(connection, context);
}
