using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Tests.RegistryCore;

public sealed class RegistryTransportTests : IAsyncLifetime
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-reg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DictionaryStore _store = new();
    private NsmGrpcServer? _server;

    private Uri Url => new("unix://" + System.IO.Path.Combine(_dir, "registry.sock"));

    public async Task InitializeAsync() =>
        _server = await NsmGrpcServer.StartAsync([Url], new NsmServerChains
        {
            EndpointRegistry = new NetworkServiceEndpointRegistryServerChain(new EchoHeader(), _store),
        });

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Register_find_unregister_through_client_and_server_chains_over_grpc()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceEndpointRegistryClientChain(new GrpcNetworkServiceEndpointRegistryClient(channel.CreateCallInvoker()));
        var ctx = new NsmContext();
        ctx.GetOrAddOutgoingHeaders().Add("path", "{\"Index\":0,\"PathSegments\":null}");

        var registered = await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1", Url = "tcp://127.0.0.1:1" }, ctx);
        Assert.Equal("nse-1", registered.Name);
        Assert.Equal("{\"Index\":0,\"PathSegments\":null}", ctx.GetOrDefault(GrpcCallContextKeys.IncomingHeaders)!.GetValue("path"));

        var found = await client.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() }, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Equal("nse-1", Assert.Single(found).Name);

        await client.UnregisterAsync(registered, new NsmContext());
        found = await client.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new() }, new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Empty(found);
    }

    [Fact]
    public async Task A_service_this_component_does_not_serve_answers_unimplemented()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceRegistryClientChain(new GrpcNetworkServiceRegistryClient(channel.CreateCallInvoker()));
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterAsync(new NetworkService { Name = "x" }, new NsmContext()));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Server_chain_used_in_process_as_a_client_through_the_adapter()
    {
        var client = new NetworkServiceEndpointRegistryClientChain(_store.AsClient());
        await client.RegisterAsync(new NetworkServiceEndpoint { Name = "local" }, new NsmContext());
        var all = await client.FindListAsync(new NetworkServiceEndpointQuery(), new NsmContext(), r => (r.NetworkServiceEndpoint, r.Deleted));
        Assert.Equal("local", Assert.Single(all).Name);
    }

    /// <summary>Sends the incoming "path" header back as a response header.</summary>
    private sealed class EchoHeader : INetworkServiceEndpointRegistryServer
    {
        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            if (context.GetOrDefault(GrpcCallContextKeys.RequestHeaders)?.GetValue("path") is { } path)
            {
                context.Set(GrpcCallContextKeys.ResponseHeaders, new Grpc.Core.Metadata { { "path", path } });
            }

            return next.RegisterAsync(item, context);
        }

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.FindAsync(query, stream, context);

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.UnregisterAsync(item, context);
    }

    private sealed class DictionaryStore : INetworkServiceEndpointRegistryServer
    {
        private readonly ConcurrentDictionary<string, NetworkServiceEndpoint> _items = new();

        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            _items[item.Name] = item.Clone();
            return next.RegisterAsync(item, context);
        }

        public async Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            foreach (var item in _items.Values)
            {
                await stream.WriteAsync(new NetworkServiceEndpointResponse { NetworkServiceEndpoint = item.Clone() });
            }
        }

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            _items.TryRemove(item.Name, out _);
            return next.UnregisterAsync(item, context);
        }
    }
}
