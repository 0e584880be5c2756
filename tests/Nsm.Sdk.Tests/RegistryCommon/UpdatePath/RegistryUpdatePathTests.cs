using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tests.Common.ClientToken;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.RegistryCommon.UpdatePath;

public sealed class RegistryUpdatePathTests : IDisposable
{
    private readonly NsmIdentity _nse = TokenTestKit.Identity("nse");
    private readonly NsmIdentity _nsmgr = TokenTestKit.Identity("nsmgr");
    private readonly NsmIdentity _registry = TokenTestKit.Identity("registry");

    public void Dispose()
    {
        _nse.Dispose();
        _nsmgr.Dispose();
        _registry.Dispose();
    }

    private static NsmContext Call(string? pathJson, string? peerToken, params string[] extraPaths)
    {
        var headers = new Grpc.Core.Metadata();
        if (pathJson is not null)
        {
            headers.Add(RegistryPath.MetadataKey, pathJson);
        }

        foreach (var extra in extraPaths)
        {
            headers.Add(RegistryPath.MetadataKey, extra);
        }

        var ctx = new NsmContext { Peer = new PeerInfo("unix:", peerToken, peerToken is null ? null : DateTimeOffset.UtcNow.AddHours(1)) };
        ctx.Set(GrpcCallContextKeys.RequestHeaders, headers);
        return ctx;
    }

    private NetworkServiceEndpointRegistryServerChain Server(Action<RegistryPath>? probe = null) =>
        new(new GrpcMetadataNseServer(), new UpdatePathNseServer(TokenTestKit.Generator(_registry)), new Probe(probe));

    private static string Token(NsmIdentity who) => TokenTestKit.Generator(who).GenerateToken((TokenPeer?)null).Token;

    private static RegistryPath ResponsePath(NsmContext ctx) =>
        RegistryPath.FromJson(RegistryPathContext.LastValue(ctx.GetOrDefault(GrpcCallContextKeys.ResponseHeaders), RegistryPath.MetadataKey)!);

    [Fact]
    public async Task First_registration_becomes_caller_and_own_token_with_index_at_this_hop_then_restored()
    {
        var nseToken = Token(_nse);
        uint seen = 99;
        var ctx = Call("{\"Index\":0,\"PathSegments\":null}", nseToken);
        var result = await Server(p => seen = p.Index).RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1" }, ctx);

        Assert.Equal(1u, seen);
        var path = ResponsePath(ctx);
        Assert.Equal(0u, path.Index);
        Assert.Equal(nseToken, path.PathSegments[0].Token);
        Assert.Equal("spiffe://test.com/registry", TokenTestKit.Sub(path.PathSegments[1].Token));
        Assert.Equal(["spiffe://test.com/nse", "spiffe://test.com/registry"], result.PathIds);
    }

    [Fact]
    public async Task Refresh_replaces_both_tokens_without_growing()
    {
        var first = Call("{\"Index\":0,\"PathSegments\":null}", Token(_nse));
        var nse = await Server().RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1" }, first);
        var refreshToken = Token(_nse);
        var second = Call(ResponsePath(first).ToJson(), refreshToken);
        nse = await Server().RegisterAsync(nse, second);

        var path = ResponsePath(second);
        Assert.Equal(2, path.PathSegments.Count);
        Assert.Equal(refreshToken, path.PathSegments[0].Token);
        Assert.Equal(2, nse.PathIds.Count);
    }

    [Fact]
    public async Task Forwarded_registration_appends_a_hop_to_path_and_path_ids()
    {
        var incoming = new RegistryPath { Index = 1 };
        incoming.PathSegments.Add(new RegistryPathSegment(Token(_nse)));
        incoming.PathSegments.Add(new RegistryPathSegment(Token(_nsmgr)));
        var nsmgrPresented = Token(_nsmgr);
        var ctx = Call(incoming.ToJson(), nsmgrPresented);
        var nse = new NetworkServiceEndpoint { Name = "nse-1", PathIds = { "spiffe://test.com/nse", "spiffe://test.com/nsmgr" } };

        var result = await Server().RegisterAsync(nse, ctx);

        var path = ResponsePath(ctx);
        Assert.Equal(1u, path.Index);
        Assert.Equal(3, path.PathSegments.Count);
        Assert.Equal(nsmgrPresented, path.PathSegments[1].Token);
        Assert.Equal(["spiffe://test.com/nse", "spiffe://test.com/nsmgr", "spiffe://test.com/registry"], result.PathIds);
        Assert.Equal(2, nse.PathIds.Count); // the caller's record is not changed
    }

    [Fact]
    public async Task The_last_path_value_wins()
    {
        var ctx = Call("{\"Index\":7,\"PathSegments\":null}", Token(_nse), "{\"Index\":0,\"PathSegments\":null}");
        await Server().RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, ctx);
        Assert.Equal(0u, ResponsePath(ctx).Index);
    }

    [Fact]
    public async Task Absent_path_runs_with_a_fresh_path_and_sends_no_header()
    {
        uint seen = 99;
        var ctx = Call(null, Token(_nse));
        var result = await Server(p => seen = p.Index).RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, ctx);
        Assert.Equal(1u, seen);
        Assert.Null(RegistryPathContext.LastValue(ctx.GetOrDefault(GrpcCallContextKeys.ResponseHeaders), RegistryPath.MetadataKey));
        Assert.Equal(2, result.PathIds.Count);
    }

    [Fact]
    public async Task Missing_peer_token_gives_an_empty_first_path_id()
    {
        var result = await Server().RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, Call("{}", null));
        Assert.Equal(["", "spiffe://test.com/registry"], result.PathIds);
    }

    [Fact]
    public async Task Own_token_without_a_spiffe_subject_fails_the_register()
    {
        var server = new NetworkServiceEndpointRegistryServerChain(
            new GrpcMetadataNseServer(), new UpdatePathNseServer(new SharedSecretTokenGenerator(TimeProvider.System, subject: "not-spiffe")));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, Call("{}", Token(_nse))));
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
    }

    [Fact]
    public async Task Index_past_the_path_is_invalid()
    {
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await Server().UnregisterAsync(new NetworkServiceEndpoint { Name = "n" }, Call("{\"Index\":1,\"PathSegments\":[{\"token\":\"a\"}]}", Token(_nse))));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Network_service_registry_is_handled_too()
    {
        var server = new NetworkServiceRegistryServerChain(new GrpcMetadataNsServer(), new UpdatePathNsServer(TokenTestKit.Generator(_registry)));
        var result = await server.RegisterAsync(new NetworkService { Name = "svc" }, Call("{}", Token(_nse)));
        Assert.Equal("spiffe://test.com/nse", result.PathIds[0]);
    }

    private sealed class Probe(Action<RegistryPath>? probe) : INetworkServiceEndpointRegistryServer
    {
        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            probe?.Invoke(context.GetOrCreateRegistryPath());
            return next.RegisterAsync(item, context);
        }

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.FindAsync(query, stream, context);

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.UnregisterAsync(item, context);
    }
}
