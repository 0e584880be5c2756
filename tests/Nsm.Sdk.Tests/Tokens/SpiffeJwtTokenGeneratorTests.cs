using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

public sealed class SpiffeJwtTokenGeneratorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly NsmIdentity _own;
    private readonly NsmIdentity _peer;

    public SpiffeJwtTokenGeneratorTests()
    {
        _own = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nsmgr"), _time, TimeSpan.FromHours(1));
        _peer = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nsc"), _time, TimeSpan.FromHours(1));
    }

    public void Dispose()
    {
        _own.Dispose();
        _peer.Dispose();
    }

    private SpiffeJwtTokenGenerator CreateSut(TimeSpan? maxLifetime = null) =>
        new(new StaticIdentityProvider(_own), _time, maxLifetime);

    [Fact]
    public void Ctor_DefaultMaxLifetimeIsTenMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), CreateSut().MaxTokenLifetime);
        Assert.Equal(TimeSpan.FromMinutes(10), TokenDefaults.MaxTokenLifetime);
    }

    [Fact]
    public void GenerateToken_WithPeerCertificate_SubIsOwnIdAudIsPeerAndSignedByOwnKey()
    {
        var generated = CreateSut().GenerateToken(_peer.Certificate);
        var jwt = Jwt.Parse(generated.Token);

        Assert.Equal("spiffe://example.org/nsmgr", jwt.Claims.Subject);
        Assert.Equal(["spiffe://example.org/nsc"], jwt.Claims.Audience);
        Assert.True(JwtVerifier.VerifyEs256(jwt, _own.Certificate!));
        Assert.False(JwtVerifier.VerifyEs256(jwt, _peer.Certificate!));
    }

    [Fact]
    public void GenerateToken_SameSecondSamePeer_ReturnsTheSameTokenWithoutSigningAgain()
    {
        var sut = CreateSut();
        var first = sut.GenerateToken(_peer.Certificate);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Same(first.Token, sut.GenerateToken(_peer.Certificate).Token);
        Assert.NotEqual(first.Token, sut.GenerateToken((TokenPeer?)null).Token);
    }

    [Fact]
    public void GenerateToken_NextSecond_SignsANewTokenWithTheLaterExpiry()
    {
        var sut = CreateSut();
        var first = sut.GenerateToken((TokenPeer?)null);
        _time.Advance(TimeSpan.FromSeconds(1));

        var second = sut.GenerateToken((TokenPeer?)null);

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(first.ExpiresAt + TimeSpan.FromSeconds(1), second.ExpiresAt);
    }

    [Fact]
    public void GenerateToken_NoPeer_NoAudience()
    {
        var jwt = Jwt.Parse(CreateSut().GenerateToken((TokenPeer?)null).Token);

        Assert.Empty(jwt.Claims.Audience);
        Assert.False(jwt.Payload.TryGetProperty("aud", out _));
    }

    [Fact]
    public void GenerateToken_ExpiryIsNowPlusMaxLifetime_TruncatedToSecondsAndEqualToExp()
    {
        var generated = CreateSut().GenerateToken((TokenPeer?)null);

        var expected = DateTimeOffset.FromUnixTimeSeconds((Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds());
        Assert.Equal(expected, generated.ExpiresAt);
        Assert.Equal(expected, Jwt.Parse(generated.Token).Claims.ExpiresAt);
    }

    [Fact]
    public void GenerateToken_UsesTheInjectedClock()
    {
        var sut = CreateSut();
        var first = sut.GenerateToken((TokenPeer?)null).ExpiresAt;

        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(first.AddMinutes(3), sut.GenerateToken((TokenPeer?)null).ExpiresAt);
    }

    [Fact]
    public void GenerateToken_CappedByOwnCertificateNotAfter()
    {
        var generated = CreateSut(TimeSpan.FromHours(5)).GenerateToken((TokenPeer?)null);

        Assert.Equal(_own.NotAfter, generated.ExpiresAt);
    }

    [Fact]
    public void GenerateToken_CappedByPeerNotAfter()
    {
        var peer = new TokenPeer(SpiffeId.Parse("spiffe://example.org/nsc"), Now.AddMinutes(2));

        var generated = CreateSut().GenerateToken(peer);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now.AddMinutes(2).ToUnixTimeSeconds()), generated.ExpiresAt);
    }

    [Fact]
    public void TokenPeer_FromCertificate_ReadsIdAndNotAfter()
    {
        var peer = TokenPeer.FromCertificate(_peer.Certificate!);

        Assert.Equal(_peer.Id, peer.Id);
        Assert.Equal(_peer.NotAfter, peer.NotAfter);
    }

    [Fact]
    public void SharedSecretGenerator_SandboxDefaults()
    {
        var sut = new SharedSecretTokenGenerator(_time);

        var generated = sut.GenerateToken((TokenPeer?)null);
        var jwt = Jwt.Parse(generated.Token);

        Assert.Equal(JwtAlgorithms.HS256, jwt.Algorithm);
        Assert.Equal("spiffe://test.com/subject", jwt.Claims.Subject);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now.AddHours(1).ToUnixTimeSeconds()), generated.ExpiresAt);
        Assert.Equal(generated.ExpiresAt, jwt.Claims.ExpiresAt);
        Assert.True(JwtVerifier.VerifyHs256(jwt, "supersecret"u8));
    }
}
