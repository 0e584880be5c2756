using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>Counts Requests and Closes (total and per connection id), like upstream's count element.</summary>
public sealed class CountElement : INetworkServiceServer, INetworkServiceClient
{
    private readonly ConcurrentDictionary<string, int> _requestIds = new();
    private readonly ConcurrentDictionary<string, int> _closeIds = new();
    private int _requests;
    private int _closes;

    public int Requests => Volatile.Read(ref _requests);

    public int Closes => Volatile.Read(ref _closes);

    public int UniqueRequests => _requestIds.Count;

    public int UniqueCloses => _closeIds.Count;

    public ConcurrentQueue<NetworkServiceRequest> SeenRequests { get; } = new();

    public ConcurrentQueue<Connection> SeenCloses { get; } = new();

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _requests);
        _requestIds.AddOrUpdate(request.Connection?.Id ?? string.Empty, 1, (_, n) => n + 1);
        SeenRequests.Enqueue(request.Clone());
        return next.RequestAsync(request, context);
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _closes);
        _closeIds.AddOrUpdate(connection.Id, 1, (_, n) => n + 1);
        SeenCloses.Enqueue(connection.Clone());
        return next.CloseAsync(connection, context);
    }
}
