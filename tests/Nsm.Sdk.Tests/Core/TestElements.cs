using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

/// <summary>Records "name" on the way in and "name'" on the way out.</summary>
internal sealed class Visit(string name, ConcurrentQueue<string> log) : INetworkServiceServer, INetworkServiceClient
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        log.Enqueue(name);
        var c = await next.RequestAsync(request, context);
        log.Enqueue(name + "'");
        return c;
    }

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        log.Enqueue("close " + name);
        await next.CloseAsync(connection, context);
    }
}

/// <summary>Answers without calling next.</summary>
internal sealed class Stop(ConcurrentQueue<string> log) : INetworkServiceServer, INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        log.Enqueue("stop");
        return new(new Connection { Id = "stopped" });
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        log.Enqueue("close stop");
        return default;
    }
}

/// <summary>Fails every Request.</summary>
internal sealed class Fail : INetworkServiceServer, INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        ValueTask.FromException<Connection>(new InvalidOperationException("injected"));

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        ValueTask.FromException(new InvalidOperationException("injected"));
}

internal static class Requests
{
    public static NetworkServiceRequest New(string id = "conn-1") =>
        new() { Connection = new Connection { Id = id, NetworkService = "svc" } };
}
