using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Authorize;
using Nsm.Sdk.Registry.Common.ClientToken;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Registry.Common.UpdatePath;
using Nsm.Sdk.Tests.Common.ClientToken;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.RegistryCommon.Authorize;

/// <summary>
/// Client chain (grpcmetadata + client token) → unix socket → server chain (grpcmetadata + updatepath + authorize with
/// the default registry server policies). The transport has no TLS, so a first server element stands in for mTLS by
/// putting the client's certificate into <see cref="PeerInfo.Certificate"/>.
/// </summary>
public sealed class RegistryTokenTransportTests : IAsyncLifetime
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-regtok-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly NsmIdentity _client = TokenTestKit.Identity("nse");
    private readonly NsmIdentity _server = TokenTestKit.Identity("registry");
    private NsmGrpcServer? _grpc;

    private Uri Url => new("unix://" + System.IO.Path.Combine(_dir, "registry.sock"));

    public async Task InitializeAsync() =>
        _grpc = await NsmGrpcServer.StartAsync([Url], new NsmServerChains
        {
            EndpointRegistry = new NetworkServiceEndpointRegistryServerChain(
                new StandInMtls(_client.Certificate!),
                new GrpcMetadataNseServer(),
                new UpdatePathNseServer(TokenTestKit.Generator(_server)),
                new AuthorizeNseServer(AuthorizeRegistryOptions.With(DefaultAuthorizationPolicies.RegistryServer(TimeProvider.System)))),
        });

    public async Task DisposeAsync()
    {
        await _grpc!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
        _client.Dispose();
        _server.Dispose();
    }

    private NetworkServiceEndpointRegistryClientChain Client(CallInvoker invoker, ITokenGenerator tokens, GrpcMetadataNseClient? metadata = null) =>
        new(metadata ?? new GrpcMetadataNseClient(),
            new ClientTokenNseClient(tokens, ClientTokenOptions.ForPeer(TokenTestKit.Peer(_server))),
            new GrpcNetworkServiceEndpointRegistryClient(invoker));

    [Fact]
    public async Task Register_returns_the_path_header_with_client_and_server_tokens_and_the_client_as_first_path_id()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var metadata = new GrpcMetadataNseClient();
        var client = Client(channel.CreateCallInvoker(), TokenTestKit.Generator(_client), metadata);
        var ctx = new NsmContext();

        var result = await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-1", Url = "tcp://127.0.0.1:1" }, ctx);

        var path = RegistryPath.FromJson(ctx.GetOrDefault(GrpcCallContextKeys.IncomingHeaders)!.GetValue(RegistryPath.MetadataKey)!);
        Assert.Equal(0u, path.Index);
        Assert.Equal(2, path.PathSegments.Count);
        Assert.Equal(ctx.GetOrDefault(GrpcCallContextKeys.OutgoingHeaders)!.GetValue(TokenMetadata.TokenKey), path.PathSegments[0].Token);
        Assert.Equal("spiffe://test.com/nse", TokenTestKit.Sub(path.PathSegments[0].Token));
        Assert.Equal("spiffe://test.com/registry", TokenTestKit.Sub(path.PathSegments[1].Token));
        Assert.True(PeerAuthInfo.FromCertificate(_server.Certificate!).VerifyEs256(path.PathSegments[1].Token));
        Assert.Equal("spiffe://test.com/nse", result.PathIds[0]);
        Assert.NotNull(metadata.GetStoredPath("nse-1"));

        // A refresh resends the stored path and passes client_allowed.
        var refreshed = await client.RegisterAsync(result, new NsmContext());
        Assert.Equal(2, refreshed.PathIds.Count);
        Assert.Equal(2, metadata.GetStoredPath("nse-1")!.PathSegments.Count);
    }

    [Fact]
    public async Task A_forged_token_is_permission_denied()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        using var forger = NsmIdentity.CreateSelfSigned(_client.Id, TimeProvider.System, TimeSpan.FromHours(1));
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client(channel.CreateCallInvoker(), TokenTestKit.Generator(forger)).RegisterAsync(new NetworkServiceEndpoint { Name = "nse-2" }, new NsmContext()));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains(PolicyNames.PrevTokenSigned, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_permission_denied()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-30));
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client(channel.CreateCallInvoker(), TokenTestKit.Generator(_client, past)).RegisterAsync(new NetworkServiceEndpoint { Name = "nse-3" }, new NsmContext()));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains(PolicyNames.TokensExpired, ex.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Stands in for mTLS: the caller authenticated with <paramref name="certificate"/>.</summary>
    private sealed class StandInMtls(X509Certificate2 certificate) : INetworkServiceEndpointRegistryServer
    {
        public ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            context.Peer = context.Peer! with { Certificate = certificate };
            return next.RegisterAsync(item, context);
        }

        public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next) =>
            next.FindAsync(query, stream, context);

        public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, RegistryHandler<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> next)
        {
            context.Peer = context.Peer! with { Certificate = certificate };
            return next.UnregisterAsync(item, context);
        }
    }
}
