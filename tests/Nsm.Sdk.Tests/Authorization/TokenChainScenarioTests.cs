using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Authorization;

/// <summary>
/// NSC → nsmgr → NSE with real identities and the ES256 generator, placing tokens the way updatetoken does (wire.md §4.2),
/// then running the default server and client policy sets at every hop.
/// </summary>
public sealed class TokenChainScenarioTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(PolicyTestTokens.Now);
    private readonly NsmIdentity _nsc;
    private readonly NsmIdentity _nsmgr;
    private readonly NsmIdentity _nse;

    public TokenChainScenarioTests()
    {
        _nsc = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nsc"), _time, TimeSpan.FromHours(1));
        _nsmgr = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nsmgr"), _time, TimeSpan.FromHours(1));
        _nse = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nse"), _time, TimeSpan.FromHours(1));
    }

    public void Dispose()
    {
        _nsc.Dispose();
        _nsmgr.Dispose();
        _nse.Dispose();
    }

    private string Token(NsmIdentity own, NsmIdentity peer) =>
        new SpiffeJwtTokenGenerator(new StaticIdentityProvider(own), _time).GenerateToken(peer.Certificate).Token;

    private static NetworkServiceAuthorizationInput At(AuthorizationPathSegment[] path, int index, NsmIdentity peer) =>
        new(path, index, PeerAuthInfo.FromCertificate(peer.Certificate!));

    /// <summary>The path as the NSE returns it: [nsc token for nsmgr, nsmgr token for nse, nse token for nsmgr].</summary>
    private AuthorizationPathSegment[] ReturnedPath() =>
        [new(Token(_nsc, _nsmgr)), new(Token(_nsmgr, _nse)), new(Token(_nse, _nsmgr))];

    [Fact]
    public void DefaultPolicies_PassAtEveryHop()
    {
        var server = DefaultAuthorizationPolicies.NetworkServiceServer(_time);
        var client = DefaultAuthorizationPolicies.NetworkServiceClient(_time);
        AuthorizationPathSegment[] atNsmgrServer = [new(Token(_nsc, _nsmgr)), new(Token(_nsmgr, _nsc))];
        var returned = ReturnedPath();

        Assert.True(server.Evaluate(At(atNsmgrServer, 1, _nsc)).IsAllowed);
        Assert.True(server.Evaluate(At(returned, 2, _nsmgr)).IsAllowed);
        Assert.True(client.Evaluate(At(returned, 1, _nse)).IsAllowed);
        Assert.True(client.Evaluate(At(returned, 0, _nsmgr)).IsAllowed);
    }

    [Fact]
    public void Server_WrongPeerCertificate_DeniedByPrevTokenSigned()
    {
        var result = DefaultAuthorizationPolicies.NetworkServiceServer(_time).Evaluate(At(ReturnedPath(), 2, _nsc));

        Assert.Equal("no sufficient privileges: prev_token_signed", result.DenialMessage);
    }

    [Fact]
    public void Client_AfterTokensExpire_DeniedByTokensExpired()
    {
        var returned = ReturnedPath();

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(PolicyNames.TokensExpired, DefaultAuthorizationPolicies.NetworkServiceClient(_time).Evaluate(At(returned, 0, _nsmgr)).FailedPolicy);
    }

    [Fact]
    public void BrokenAudienceChain_DeniedByTokensChained()
    {
        AuthorizationPathSegment[] path = [new(Token(_nsc, _nse)), new(Token(_nsmgr, _nse)), new(Token(_nse, _nsmgr))];

        Assert.Equal(PolicyNames.TokensChained, DefaultAuthorizationPolicies.NetworkServiceServer(_time).Evaluate(At(path, 2, _nsmgr)).FailedPolicy);
    }

    [Fact]
    public void Registry_FirstRegistrantOnly()
    {
        // An NSE registers with nsmgr, whose registry server sees [nse token, nsmgr token] with index 1.
        AuthorizationPathSegment[] path = [new(Token(_nse, _nsmgr)), new(Token(_nsmgr, _nse))];
        var resourceId = RegistryAuthorizationInput.ResourceIdFromPath(path);
        var peer = PeerAuthInfo.FromCertificate(_nse.Certificate!);
        var registry = DefaultAuthorizationPolicies.RegistryServer(_time);
        var empty = new Dictionary<string, IReadOnlyList<string>>();
        var ownedByNse = new Dictionary<string, IReadOnlyList<string>> { ["nse-1"] = [_nse.Id.ToString(), _nsmgr.Id.ToString()] };
        var ownedByOther = new Dictionary<string, IReadOnlyList<string>> { ["nse-1"] = [_nsc.Id.ToString()] };

        Assert.True(registry.Evaluate(new RegistryAuthorizationInput(resourceId, "nse-1", empty, path, 1, peer)).IsAllowed);
        Assert.True(registry.Evaluate(new RegistryAuthorizationInput(resourceId, "nse-1", ownedByNse, path, 1, peer)).IsAllowed);
        Assert.Equal(
            PolicyNames.ClientAllowed,
            registry.Evaluate(new RegistryAuthorizationInput(resourceId, "nse-1", ownedByOther, path, 1, peer)).FailedPolicy);
    }
}
