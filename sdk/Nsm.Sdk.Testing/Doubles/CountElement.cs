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

    /// <summary>Gets the number of Requests that passed (refreshes included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets the number of Closes that passed.</summary>
    public int Closes => Volatile.Read(ref _closes);

    /// <summary>Gets the number of distinct connection ids seen in Requests.</summary>
    public int UniqueRequests => _requestIds.Count;

    /// <summary>Gets the number of distinct connection ids seen in Closes.</summary>
    public int UniqueCloses => _closeIds.Count;

    /// <summary>Gets a copy of each Request as it arrived, in order.</summary>
    public ConcurrentQueue<NetworkServiceRequest> SeenRequests { get; } = new();

    /// <summary>Gets a copy of each closed connection as it arrived, in order.</summary>
    public ConcurrentQueue<Connection> SeenCloses { get; } = new();

    /// <summary>Counts and records the Request, then calls next.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>What next returns.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _requests);
        _requestIds.AddOrUpdate(request.Connection?.Id ?? string.Empty, 1, (_, n) => n + 1);
        SeenRequests.Enqueue(request.Clone());
        return next.RequestAsync(request, context);
    }

    /// <summary>Counts and records the Close, then calls next.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>What next returns.</returns>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        Interlocked.Increment(ref _closes);
        _closeIds.AddOrUpdate(connection.Id, 1, (_, n) => n + 1);
        SeenCloses.Enqueue(connection.Clone());
        return next.CloseAsync(connection, context);
    }
}
