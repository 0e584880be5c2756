using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Begin;

namespace Nsm.Sdk.Tests.RegistryCommon.Begin;

public sealed class BeginRegistryTests
{
    [Fact]
    public async Task Register_without_name_is_invalid_argument()
    {
        using var begin = new BeginNseClient();
        var chain = new NetworkServiceEndpointRegistryClientChain(begin);
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RegisterAsync(new NetworkServiceEndpoint(), new NsmContext()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("NetworkServiceEndpoint.Name must not be zero valued", ex.Message);
    }

    [Fact]
    public async Task Calls_for_one_name_run_one_at_a_time()
    {
        var slow = new SlowNse();
        using var begin = new BeginNseServer();
        var chain = new NetworkServiceEndpointRegistryServerChain(begin, slow);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext()).AsTask()));
        Assert.Equal(1, slow.MaxConcurrent);
        await chain.UnregisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext());
        Assert.Equal(0, begin.Count);
    }

    [Fact]
    public async Task Ns_unregister_of_unknown_name_succeeds_without_calling_next()
    {
        using var begin = new BeginNsServer();
        var counted = 0;
        var chain = new NetworkServiceRegistryServerChain(begin, new CountNs(() => counted++));
        await chain.UnregisterAsync(new NetworkService { Name = "x" }, new NsmContext());
        Assert.Equal(0, counted);
    }

    private sealed class SlowNse : INetworkServiceEndpointRegistryServer
    {
        private int _current;

        public int MaxConcurrent { get; private set; }

        public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, Interlocked.Increment(ref _current));
            await Task.Delay(5);
            Interlocked.Decrement(ref _current);
            return item;
        }

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) => Task.CompletedTask;

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) => default;
    }

    private sealed class CountNs(Action onUnregister) : INetworkServiceRegistryServer
    {
        public ValueTask<NetworkService> RegisterAsync(NetworkService item, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next) => new(item);

        public Task FindAsync(NetworkServiceQuery query, IAsyncStreamWriter<NetworkServiceResponse> stream, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next) => Task.CompletedTask;

        public ValueTask UnregisterAsync(NetworkService item, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next)
        {
            onUnregister();
            return default;
        }
    }
}
