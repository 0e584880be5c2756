using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Authorization;

namespace Nsm.Sdk.Tests.Authorization;

public sealed class CommonPolicyTests : IDisposable
{
    private readonly PolicyTestTokens _tokens = new();
    private readonly FakeTimeProvider _time = new(PolicyTestTokens.Now);

    public void Dispose() => _tokens.Dispose();

    private static NetworkServiceAuthorizationInput Input(AuthorizationPathSegment[] segments, int index = 0) => new(segments, index, null);

    [Fact]
    public void TokensValid_NoSegments_Passes()
    {
        Assert.True(new TokensValidPolicy().IsValid(Input([])));
    }

    [Fact]
    public void TokensValid_AllDecode_Passes()
    {
        Assert.True(new TokensValidPolicy().IsValid(Input(_tokens.ChainedPath("nsc", "nsmgr", "nse"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public void TokensValid_OneSegmentDoesNotDecode_Fails(string bad)
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr");
        segments[1] = new AuthorizationPathSegment(bad);

        Assert.False(new TokensValidPolicy().IsValid(Input(segments)));
    }

    [Fact]
    public void TokensExpired_NoSegments_Passes()
    {
        Assert.True(new TokensExpiredPolicy(_time).IsValid(Input([])));
    }

    [Fact]
    public void TokensExpired_AllAlive_PassesUntilExpiryThenFails()
    {
        var sut = new TokensExpiredPolicy(_time);
        var input = Input(_tokens.ChainedPath("nsc", "nsmgr"));

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.True(sut.IsValid(input));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(sut.IsValid(input));
    }

    [Fact]
    public void TokensExpired_OneExpired_Fails()
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr");
        segments[0] = new AuthorizationPathSegment(_tokens.Token(0, "nsc", "nsmgr", PolicyTestTokens.Now.AddSeconds(-1)));

        Assert.False(new TokensExpiredPolicy(_time).IsValid(Input(segments, 1)));
    }

    [Fact]
    public void TokensExpired_FromIndexScope_IgnoresLeftSide()
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr");
        segments[0] = new AuthorizationPathSegment(_tokens.Token(0, "nsc", "nsmgr", PolicyTestTokens.Now.AddSeconds(-1)));

        Assert.True(new TokensExpiredPolicy(_time, TokenExpiryScope.FromIndex).IsValid(Input(segments, 1)));
        Assert.False(new TokensExpiredPolicy(_time, TokenExpiryScope.FromIndex).IsValid(Input(segments, 0)));
    }

    [Fact]
    public void TokensExpired_NoExpOrUndecodable_Fails()
    {
        var noExp = Nsm.Sdk.Tokens.JwtEncoder.CreateEs256(new Nsm.Sdk.Tokens.JwtClaims { Subject = "x" }, _tokens.Key(0));

        Assert.False(new TokensExpiredPolicy(_time).IsValid(Input([new(noExp)])));
        Assert.False(new TokensExpiredPolicy(_time).IsValid(Input([new("junk")])));
    }

    [Fact]
    public void TokensChained_FewerThanTwoSegments_Passes()
    {
        Assert.True(new TokensChainedPolicy().IsValid(Input([])));
        Assert.True(new TokensChainedPolicy().IsValid(Input([new("junk")])));
    }

    [Fact]
    public void TokensChained_EveryAudContainsNextSub_Passes()
    {
        Assert.True(new TokensChainedPolicy().IsValid(Input(_tokens.ChainedPath("nsc", "nsmgr", "forwarder", "nse"))));
    }

    [Fact]
    public void TokensChained_AudMissesNextSub_Fails()
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr", "nse");
        segments[1] = new AuthorizationPathSegment(_tokens.Token(1, "nsmgr", "someone-else"));

        Assert.False(new TokensChainedPolicy().IsValid(Input(segments)));
    }

    [Fact]
    public void TokensChained_NoAudience_Fails()
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr");
        segments[0] = new AuthorizationPathSegment(_tokens.Token(0, "nsc", null));

        Assert.False(new TokensChainedPolicy().IsValid(Input(segments)));
    }

    [Fact]
    public void TokensChained_UndecodableToken_Fails()
    {
        var segments = _tokens.ChainedPath("nsc", "nsmgr", "nse");
        segments[2] = new AuthorizationPathSegment("junk");

        Assert.False(new TokensChainedPolicy().IsValid(Input(segments)));
    }

    [Fact]
    public void AllowAll_AlwaysPasses()
    {
        Assert.True(new AllowAllPolicy<NetworkServiceAuthorizationInput>().IsValid(Input([new("junk")])));
        Assert.Equal(PolicyNames.AllowAll, new AllowAllPolicy<int>().Name);
    }
}
