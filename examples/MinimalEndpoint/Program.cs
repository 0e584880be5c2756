// The smallest NSM round trip: an endpoint chain served on a unix socket, called by a client chain over gRPC.
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Core;

var socket = new Uri($"unix://{System.IO.Path.GetTempPath()}nsm-minimal-{Environment.ProcessId}.sock");
var endpoint = new NetworkServiceServerChain(NullServer.Instance, new HelloAddress());
await using var server = await NsmGrpcServer.StartAsync([socket], new NsmServerChains { NetworkService = endpoint });
Console.WriteLine($"endpoint listening on {socket}");

using var channel = NsmGrpcChannels.Create(socket);
var client = new NetworkServiceClientChain(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
var request = new NetworkServiceRequest { Connection = new Connection { Id = "nsc-0", NetworkService = "hello" } };
var connection = await client.RequestAsync(request, new NsmContext());
Console.WriteLine($"client got connection {connection.Id} to {connection.NetworkService}: src {string.Join(',', connection.Context.IpContext.SrcIpAddrs)} dst {string.Join(',', connection.Context.IpContext.DstIpAddrs)}");
await client.CloseAsync(connection, new NsmContext());
Console.WriteLine("closed");

/// <summary>Hands out one fixed address pair.</summary>
internal sealed class HelloAddress : INetworkServiceServer
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        request.Connection.Context ??= new ConnectionContext();
        request.Connection.Context.IpContext ??= new IPContext();
        request.Connection.Context.IpContext.SrcIpAddrs.Add("10.100.1.2/24");
        request.Connection.Context.IpContext.DstIpAddrs.Add("10.100.1.1/24");
        return next.RequestAsync(request, context);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
}
