using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Matching;
using NetworkService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Common.Discover;

/// <summary>A registry client answering Find from fixed lists with the real query matching.</summary>
internal sealed class FakeRegistry : INetworkServiceRegistryClient, INetworkServiceEndpointRegistryClient
{
    public List<NetworkService> Services { get; } = [];

    public List<NetworkServiceEndpoint> Endpoints { get; } = [];

    public ValueTask<NetworkService> RegisterAsync(NetworkService item, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next) => new(item);

    public async Task FindAsync(NetworkServiceQuery query, IAsyncStreamWriter<NetworkServiceResponse> stream, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next)
    {
        foreach (var s in Services.Where(s => RegistryQueryMatcher.Matches(query.NetworkService, s)))
        {
            await stream.WriteAsync(new NetworkServiceResponse { NetworkService = s.Clone() });
        }
    }

    public ValueTask UnregisterAsync(NetworkService item, NsmContext context, RegistryHandler<NetworkService, NetworkServiceQuery, NetworkServiceResponse> next) => default;

    public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) => new(item);

    public async Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
    {
        foreach (var e in Endpoints.Where(e => RegistryQueryMatcher.Matches(query.NetworkServiceEndpoint, e)))
        {
            await stream.WriteAsync(new NetworkServiceEndpointResponse { NetworkServiceEndpoint = e.Clone() });
        }
    }

    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) => default;

    public static NetworkServiceEndpoint Nse(string name, string service, string url, params (string Key, string Value)[] labels)
    {
        var nse = new NetworkServiceEndpoint { Name = name, Url = url, NetworkServiceNames = { service } };
        var set = new NetworkServiceLabels();
        foreach (var (k, v) in labels)
        {
            set.Labels[k] = v;
        }

        nse.NetworkServiceLabels[service] = set;
        return nse;
    }
}
