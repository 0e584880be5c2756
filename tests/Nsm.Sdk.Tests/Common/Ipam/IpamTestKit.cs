using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.Ipam;

/// <summary>Request builders and a failing tail for the IPAM element tests.</summary>
internal static class IpamTestKit
{
    public static NetworkServiceRequest Request(string id, params string[] excluded)
    {
        var ip = new IPContext();
        ip.ExcludedPrefixes.Add(excluded);
        return new NetworkServiceRequest
        {
            Connection = new Connection { Id = id, NetworkService = "svc", Context = new ConnectionContext { IpContext = ip } },
        };
    }

    public static async Task<IPContext> RequestIp(INetworkServiceServer server, NetworkServiceRequest request)
    {
        var conn = await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext());
        return conn.Context.IpContext;
    }

    public static Task<IPContext> RequestIp(INetworkServiceServer server, string id, params string[] excluded) =>
        RequestIp(server, Request(id, excluded));

    public static Task Close(INetworkServiceServer server, string id) =>
        new NetworkServiceServerChain(server).CloseAsync(new Connection { Id = id }, new NsmContext()).AsTask();

    public static string[] RoutePrefixes(IEnumerable<Route> routes) => [.. routes.Select(r => r.Prefix)];

    public static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<NsmStatusException>(call);
        return e.StatusCode;
    }
}

/// <summary>A tail element that fails every Request.</summary>
internal sealed class FailingTail : INetworkServiceServer
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        ValueTask.FromException<Connection>(new InvalidOperationException("downstream failed"));

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
}
