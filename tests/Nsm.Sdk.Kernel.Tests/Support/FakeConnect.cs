using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Tests.Support;

/// <summary>Stands in for connect: runs the client chain with the server request's connection.</summary>
internal sealed class FakeConnect(NetworkServiceClientChain client) : INetworkServiceServer
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var downstream = request.Clone();
        downstream.MechanismPreferences.Clear();
        downstream.Connection.Mechanism = null;
        var conn = await client.RequestAsync(downstream, context);
        conn.Mechanism = request.Connection.Mechanism;
        return conn;
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => client.CloseAsync(connection, context);
}
