using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.RegistryChains;

/// <summary>
/// NSE → nsmgr → registry, each over its own unix socket: the nsmgr forwards the path and its own token, so the
/// registry receives a 2-segment path [nse, nsmgr] at index 1 and the NSE gets back [nse, nsmgr, registry] at index 0
/// (sdk-registry.md §4).
/// </summary>
public sealed class NsmgrRegistryPathTests : IAsyncLifetime
{
    private readonly List<(string Path, string? Token)> _atRegistry = [];
    private NsmgrOverRegistry? _mesh;

    private MemoryRegistryServer Registry => _mesh!.Registry;

    private Uri NsmgrUrl => _mesh!.NsmgrUrl;

    public async Task InitializeAsync() =>
        _mesh = await NsmgrOverRegistry.StartAsync(registry => new NsmServerChains
        {
            EndpointRegistry = new NetworkServiceEndpointRegistryServerChain(new RecordNsePath(_atRegistry), registry.EndpointChain),
            ServiceRegistry = new NetworkServiceRegistryServerChain(new RecordNsPath(_atRegistry), registry.ServiceChain),
        });

    public async Task DisposeAsync() => await _mesh!.DisposeAsync();

    [Fact]
    public async Task A_registration_through_nsmgr_reaches_the_registry_with_two_segments_and_returns_three()
    {
        var options = new RegistryClientOptions { RegistryUrl = NsmgrUrl, TokenGenerator = SelfSignedTokenGenerator.Create("nse"), RefreshEnabled = false, HealEnabled = false };
        await using var services = new ServiceRegistryClient(options);
        await using var endpoints = new EndpointRegistryClient(options);

        await services.RegisterAsync(new NetworkService { Name = "svc" }, new NsmContext());
        var registered = await endpoints.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1", Url = "tcp://127.0.0.1:5003", NetworkServiceNames = { "svc" } }, new NsmContext());

        string[] ids = ["spiffe://nsm.local/nse", "spiffe://nsm.local/nsmgr", "spiffe://nsm.local/registry"];
        Assert.Equal(2, _atRegistry.Count); // the NS, then the NSE
        foreach (var (json, token) in _atRegistry)
        {
            var path = RegistryPath.FromJson(json);
            Assert.Equal(1u, path.Index);
            Assert.Equal(2, path.PathSegments.Count);
            Assert.Equal(ids[0], Jwt.Parse(path.PathSegments[0].Token).Claims.Subject);
            Assert.Equal(ids[1], Jwt.Parse(path.PathSegments[1].Token).Claims.Subject);
            Assert.Equal(ids[1], Jwt.Parse(token!).Claims.Subject); // the nsmgr calls with its own token
        }

        Assert.Equal(ids, Registry.EndpointStore.Get("nse-1")!.PathIds);
        Assert.Equal(ids, Registry.ServiceStore.Get("svc")!.PathIds);
        Assert.Equal(ids, registered.PathIds);
        var returned = endpoints.Elements.OfType<GrpcMetadataNseClient>().Single().GetStoredPath("nse-1");
        Assert.NotNull(returned);
        Assert.Equal(0u, returned.Index);
        Assert.Equal(ids, returned.PathSegments.Select(s => Jwt.Parse(s.Token).Claims.Subject));

        // A refresh resends that path: the registry then sees the refresh of the same 3 hops.
        await endpoints.RegisterAsync(registered, new NsmContext());
        var refresh = RegistryPath.FromJson(_atRegistry[^1].Path);
        Assert.Equal(1u, refresh.Index);
        Assert.Equal(3, refresh.PathSegments.Count);

        await endpoints.UnregisterAsync(registered, new NsmContext());
        Assert.Null(Registry.EndpointStore.Get("nse-1"));
    }

    /// <summary>Records the <c>path</c> and <c>nsm-client-token</c> each Register arrives with.</summary>
    private abstract class RecordPath<T, TQuery, TResponse>(List<(string Path, string? Token)> seen) : IRegistryElement<T, TQuery, TResponse>
    {
        public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
        {
            var headers = context.GetOrDefault(GrpcCallContextKeys.RequestHeaders);
            lock (seen)
            {
                seen.Add((RegistryPathContext.LastValue(headers, RegistryPath.MetadataKey) ?? "absent", context.Peer?.Token));
            }

            return next.RegisterAsync(item, context);
        }

        public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
            next.FindAsync(query, stream, context);

        public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
            next.UnregisterAsync(item, context);
    }

    private sealed class RecordNsePath(List<(string Path, string? Token)> seen)
        : RecordPath<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(seen), INetworkServiceEndpointRegistryServer;

    private sealed class RecordNsPath(List<(string Path, string? Token)> seen)
        : RecordPath<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(seen), INetworkServiceRegistryServer;
}
