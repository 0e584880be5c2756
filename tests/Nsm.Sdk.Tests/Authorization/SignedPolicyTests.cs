using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Authorization;

public sealed class SignedPolicyTests : IDisposable
{
    private readonly PolicyTestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    private NetworkServiceAuthorizationInput Input(int index, PeerAuthInfo? peer) =>
        new(_tokens.ChainedPath("nsc", "nsmgr", "nse"), index, peer);

    [Fact]
    public void PrevTokenSigned_CallerTokenSignedByPeerKey_Passes()
    {
        Assert.True(new PrevTokenSignedPolicy().IsValid(Input(1, PeerAuthInfo.FromPublicKey(_tokens.Key(0)))));
        Assert.True(new PrevTokenSignedPolicy().IsValid(Input(2, PeerAuthInfo.FromPublicKey(_tokens.Key(1)))));
    }

    [Fact]
    public void PrevTokenSigned_SignedByAnotherKey_Fails()
    {
        Assert.False(new PrevTokenSignedPolicy().IsValid(Input(1, PeerAuthInfo.FromPublicKey(_tokens.Key(1)))));
    }

    [Fact]
    public void PrevTokenSigned_IndexZeroNoPeerOrOutOfRange_Fails()
    {
        var peer = PeerAuthInfo.FromPublicKey(_tokens.Key(0));

        Assert.False(new PrevTokenSignedPolicy().IsValid(Input(0, peer)));
        Assert.False(new PrevTokenSignedPolicy().IsValid(Input(1, null)));
        Assert.False(new PrevTokenSignedPolicy().IsValid(Input(9, peer)));
        Assert.False(new PrevTokenSignedPolicy().IsValid(new NetworkServiceAuthorizationInput([], 0, peer)));
    }

    [Fact]
    public void PrevTokenSigned_Hs256Token_Fails()
    {
        var hs = JwtEncoder.CreateHs256(new JwtClaims { Subject = "x" }, "supersecret"u8);
        var input = new NetworkServiceAuthorizationInput([new(hs), new(hs)], 1, PeerAuthInfo.FromPublicKey(_tokens.Key(0)));

        Assert.False(new PrevTokenSignedPolicy().IsValid(input));
    }

    [Fact]
    public void PrevTokenSigned_VerifiesWithPeerCertificate()
    {
        var time = new FakeTimeProvider(PolicyTestTokens.Now);
        using var client = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nsc"), time, TimeSpan.FromHours(1));
        using var other = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/evil"), time, TimeSpan.FromHours(1));
        var token = new SpiffeJwtTokenGenerator(new StaticIdentityProvider(client), time).GenerateToken((TokenPeer?)null).Token;
        AuthorizationPathSegment[] segments = [new(token), new(token)];

        Assert.True(new PrevTokenSignedPolicy().IsValid(new NetworkServiceAuthorizationInput(segments, 1, PeerAuthInfo.FromCertificate(client.Certificate!))));
        Assert.False(new PrevTokenSignedPolicy().IsValid(new NetworkServiceAuthorizationInput(segments, 1, PeerAuthInfo.FromCertificate(other.Certificate!))));
    }

    [Fact]
    public void NextTokenSigned_ServerTokenSignedByPeerKey_Passes()
    {
        Assert.True(new NextTokenSignedPolicy().IsValid(Input(0, PeerAuthInfo.FromPublicKey(_tokens.Key(1)))));
        Assert.True(new NextTokenSignedPolicy().IsValid(Input(1, PeerAuthInfo.FromPublicKey(_tokens.Key(2)))));
    }

    [Fact]
    public void NextTokenSigned_SignedByAnotherKey_Fails()
    {
        Assert.False(new NextTokenSignedPolicy().IsValid(Input(0, PeerAuthInfo.FromPublicKey(_tokens.Key(0)))));
    }

    [Fact]
    public void NextTokenSigned_NoNextSegmentOrNoPeer_Fails()
    {
        Assert.False(new NextTokenSignedPolicy().IsValid(Input(2, PeerAuthInfo.FromPublicKey(_tokens.Key(2)))));
        Assert.False(new NextTokenSignedPolicy().IsValid(Input(0, null)));
        Assert.False(new NextTokenSignedPolicy().IsValid(new NetworkServiceAuthorizationInput([], 0, PeerAuthInfo.FromPublicKey(_tokens.Key(0)))));
    }

    [Fact]
    public void PeerAuthInfo_WithNeitherMatchingKeyNorDecodableToken_Fails()
    {
        var peer = PeerAuthInfo.FromPublicKey(_tokens.Key(0));

        Assert.False(peer.VerifyEs256(null));
        Assert.False(peer.VerifyEs256("junk"));
        Assert.True(peer.VerifyEs256(_tokens.Token(0, "nsc", null)));
    }
}
