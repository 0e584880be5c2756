using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Common.ClientToken;

public sealed class ClientTokenTests
{
    [Fact]
    public async Task Every_call_gets_exactly_one_fresh_token_and_expiry_for_the_server()
    {
        using var me = TokenTestKit.Identity("nsc");
        using var server = TokenTestKit.Identity("nsmgr");
        var element = new ClientTokenClient(TokenTestKit.Generator(me), ClientTokenOptions.ForPeer(TokenTestKit.Peer(server)));
        var ctx = new NsmContext();

        await element.RequestAsync(new NetworkServiceRequest { Connection = new Connection() }, ctx, new FuncHandler());
        await element.CloseAsync(new Connection(), ctx, new FuncHandler());

        var headers = ctx.GetOrDefault(GrpcCallContextKeys.OutgoingHeaders)!;
        var token = Assert.Single(headers, h => h.Key == TokenMetadata.TokenKey).Value;
        var expires = Assert.Single(headers, h => h.Key == TokenMetadata.ExpiresKey).Value;
        Assert.Equal("spiffe://test.com/nsc", TokenTestKit.Sub(token));
        Assert.Equal(["spiffe://test.com/nsmgr"], TokenTestKit.Aud(token));
        Assert.True(TokenMetadata.TryParseExpires(expires, out var at));
        Assert.Equal(Jwt.Parse(token).Claims.ExpiresAt, at);
    }

    [Fact]
    public async Task Without_a_server_peer_the_token_has_no_audience()
    {
        var element = new ClientTokenClient(new SharedSecretTokenGenerator(TimeProvider.System));
        var ctx = new NsmContext();
        await element.RequestAsync(new NetworkServiceRequest(), ctx, new FuncHandler());
        var token = ctx.GetOrDefault(GrpcCallContextKeys.OutgoingHeaders)!.GetValue(TokenMetadata.TokenKey)!;
        Assert.Empty(TokenTestKit.Aud(token));
        Assert.Equal(TokenDefaults.SandboxSubject, TokenTestKit.Sub(token));
    }
}
