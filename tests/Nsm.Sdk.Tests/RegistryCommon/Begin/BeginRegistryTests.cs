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

        // The first call holds the element until all eight are issued: without begin's one-at-a-time gate the other
        // seven would enter the element next to it.
        var calls = Enumerable.Range(0, 8).Select(_ => chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext()).AsTask()).ToList();
        Assert.Equal(1, slow.Entered);
        slow.Release();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(8, slow.Entered);
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
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private int _current;
        private int _entered;
        private int _max;

        public int MaxConcurrent
        {
            get
            {
                lock (_lock)
                {
                    return _max;
                }
            }
        }

        public int Entered
        {
            get
            {
                lock (_lock)
                {
                    return _entered;
                }
            }
        }

        public void Release() => _gate.TrySetResult();

        public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            lock (_lock)
            {
                _entered++;
                _max = Math.Max(_max, ++_current);
            }

            await _gate.Task;
            lock (_lock)
            {
                _current--;
            }

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
