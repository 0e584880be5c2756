using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tests.Common.ClientToken;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.RegistryCommon.Authorize;

public sealed class AuthorizeRegistryTests
{
    private static NsmContext Call(NsmIdentity who)
    {
        var token = TokenTestKit.Generator(who).GenerateToken((TokenPeer?)null);
        var ctx = new NsmContext { Peer = new PeerInfo("unix:", token.Token, token.ExpiresAt) };
        var headers = new Grpc.Core.Metadata { { RegistryPath.MetadataKey, "{\"Index\":0,\"PathSegments\":null}" } };
        ctx.Set(GrpcCallContextKeys.RequestHeaders, headers);
        return ctx;
    }

    [Fact]
    public async Task Only_the_first_registrant_may_reregister_or_unregister_a_name()
    {
        using var owner = TokenTestKit.Identity("owner");
        using var other = TokenTestKit.Identity("other");
        using var registry = TokenTestKit.Identity("registry");
        var options = AuthorizeRegistryOptions.With(AuthorizationPolicySet.Create<RegistryAuthorizationInput>(new ClientAllowedPolicy()));
        var server = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(), new UpdatePathNseServer(TokenTestKit.Generator(registry)), new AuthorizeNseServer(options));

        await server.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Call(owner));
        Assert.Equal("spiffe://test.com/owner", options.PathIdsMap.View["nse"][0]);

        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Call(other)));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        await Assert.ThrowsAsync<NsmStatusException>(async () => await server.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Call(other)));

        await server.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Call(owner));
        Assert.False(options.PathIdsMap.Contains("nse"));
        await server.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, Call(other));
    }

    [Fact]
    public async Task Default_allows_all_and_in_process_calls_are_not_checked()
    {
        var strict = AuthorizeRegistryOptions.With(DefaultAuthorizationPolicies.RegistryServer(TimeProvider.System));
        await new NetworkServiceRegistryServerChain(new AuthorizeNsServer(strict)).RegisterAsync(new NetworkService { Name = "svc" }, new NsmContext());
        await new NetworkServiceRegistryServerChain(new AuthorizeNsServer()).RegisterAsync(new NetworkService { Name = "svc" }, new NsmContext { Peer = new PeerInfo(null, null, null) });
    }

    [Fact]
    public async Task Client_unregisters_a_first_registration_that_fails_its_policies()
    {
        var unregistered = 0;
        var client = new NetworkServiceEndpointRegistryClientChain(
            new AuthorizeNseClient(AuthorizeRegistryOptions.With(AuthorizationPolicySet.Create<RegistryAuthorizationInput>(new NextTokenSignedPolicy()))),
            new CountingUnregister(() => unregistered++));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, new NsmContext()));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(1, unregistered);
    }

    private sealed class CountingUnregister(Action onUnregister) : INetworkServiceEndpointRegistryClient
    {
        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.RegisterAsync(item, context);

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.FindAsync(query, stream, context);

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            onUnregister();
            return next.UnregisterAsync(item, context);
        }
    }
}
