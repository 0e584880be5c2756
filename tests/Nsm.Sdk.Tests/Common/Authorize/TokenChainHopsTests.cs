using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Common.UpdateToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.ClientToken;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Common.Authorize;

/// <summary>nsc (client) → nsmgr (server + client) → nse (server), each server with updatetoken + default server policies.</summary>
public sealed class TokenChainHopsTests : IDisposable
{
    private readonly NsmIdentity _nsc = TokenTestKit.Identity("nsc");
    private readonly NsmIdentity _nsmgr = TokenTestKit.Identity("nsmgr");
    private readonly NsmIdentity _nse = TokenTestKit.Identity("nse");

    public void Dispose()
    {
        _nsc.Dispose();
        _nsmgr.Dispose();
        _nse.Dispose();
    }

    private static AuthorizeServer DefaultAuthorize() =>
        new(new AuthorizeServerOptions { Policies = DefaultAuthorizationPolicies.NetworkServiceServer(TimeProvider.System) });

    private NetworkServiceClientChain Nsc(ITokenGenerator nscTokens)
    {
        var nse = new NetworkServiceServerChain(new AdvancePath("nse"), new UpdateTokenServer(TokenTestKit.Generator(_nse)), DefaultAuthorize());
        var nsmgrClient = new NetworkServiceClientChain(
            new ClientTokenClient(TokenTestKit.Generator(_nsmgr), ClientTokenOptions.ForPeer(TokenTestKit.Peer(_nse))),
            new FakeTransport(nse, _nsmgr.Certificate));
        var nsmgr = new NetworkServiceServerChain(
            new AdvancePath("nsmgr"), new UpdateTokenServer(TokenTestKit.Generator(_nsmgr)), DefaultAuthorize(), nsmgrClient.AsServer());
        return new NetworkServiceClientChain(
            new ClientTokenClient(nscTokens, ClientTokenOptions.ForPeer(TokenTestKit.Peer(_nsmgr))),
            new FakeTransport(nsmgr, _nsc.Certificate));
    }

    private static NetworkServiceRequest NewRequest()
    {
        var path = new Nsm.Api.NetworkService.Path();
        path.PathSegments.Add(new PathSegment { Name = "nsc", Id = "nsc-id" });
        return new NetworkServiceRequest { Connection = new Connection { Id = "nsc-id", Path = path } };
    }

    [Fact]
    public async Task Tokens_are_chained_and_every_segment_has_expires()
    {
        var conn = await Nsc(TokenTestKit.Generator(_nsc)).RequestAsync(NewRequest(), new NsmContext(), NetworkServiceHandler.Tail);

        var segments = conn.Path.PathSegments;
        Assert.Equal(["nsc", "nsmgr", "nse"], segments.Select(s => s.Name));
        Assert.Equal(0u, conn.Path.Index);
        Assert.All(segments, s => Assert.NotNull(s.Expires));
        Assert.Equal(["spiffe://test.com/nsc", "spiffe://test.com/nsmgr", "spiffe://test.com/nse"], segments.Select(s => TokenTestKit.Sub(s.Token)));
        var input = NetworkServiceAuthorizationInput.FromPath(conn.Path, null);
        Assert.True(new TokensChainedPolicy().IsValid(input));
        Assert.True(new TokensExpiredPolicy(TimeProvider.System).IsValid(input));
    }

    [Fact]
    public async Task A_token_not_signed_by_the_callers_certificate_is_denied_at_the_first_hop()
    {
        using var forger = NsmIdentity.CreateSelfSigned(_nsc.Id, TimeProvider.System, TimeSpan.FromHours(1));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await Nsc(TokenTestKit.Generator(forger)).RequestAsync(NewRequest(), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains(PolicyNames.PrevTokenSigned, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_the_next_hop_as_audience_breaks_the_chain()
    {
        var noAudience = new ClientTokenClient(TokenTestKit.Generator(_nsc));
        var nsmgr = new NetworkServiceServerChain(new AdvancePath("nsmgr"), new UpdateTokenServer(TokenTestKit.Generator(_nsmgr)), DefaultAuthorize());
        var nsc = new NetworkServiceClientChain(noAudience, new FakeTransport(nsmgr, _nsc.Certificate));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await nsc.RequestAsync(NewRequest(), new NsmContext(), NetworkServiceHandler.Tail));
        Assert.Contains(PolicyNames.TokensChained, ex.Message, StringComparison.Ordinal);
    }
}
