using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Path = Nsm.Api.NetworkService.Path;
using Nsm.Sdk.Authorization;

namespace Nsm.Sdk.Tests.Authorization;

public class AuthorizationPolicySetTests
{
    private sealed class Fixed(string name, bool valid) : IAuthorizationPolicy<int>
    {
        public int Calls { get; private set; }

        public string Name => name;

        public bool IsValid(int input)
        {
            Calls++;
            return valid;
        }
    }

    [Fact]
    public void Evaluate_AllPass_Allowed()
    {
        var result = AuthorizationPolicySet.Create<int>(new Fixed("a", true), new Fixed("b", true)).Evaluate(0);

        Assert.True(result.IsAllowed);
        Assert.Null(result.FailedPolicy);
        Assert.Null(result.DenialMessage);
        Assert.Equal(AuthorizationResult.Allowed, result);
    }

    [Fact]
    public void Evaluate_ReportsFirstFailureAndStops()
    {
        var last = new Fixed("c", false);
        var result = AuthorizationPolicySet.Create<int>(new Fixed("a", true), new Fixed("b", false), last).Evaluate(0);

        Assert.False(result.IsAllowed);
        Assert.Equal("b", result.FailedPolicy);
        Assert.Equal("no sufficient privileges: b", result.DenialMessage);
        Assert.Equal(0, last.Calls);
    }

    [Fact]
    public void Any_IsEmptyAndAllowsEverything()
    {
        var any = AuthorizationPolicySet.Any<int>();

        Assert.True(any.IsEmpty);
        Assert.True(any.Evaluate(42).IsAllowed);
    }

    [Fact]
    public void Evaluate_PolicyThrows_Propagates()
    {
        var set = AuthorizationPolicySet.Create(new TokensValidPolicy());

        Assert.Throws<ArgumentNullException>(() => set.Evaluate(null!));
    }

    [Fact]
    public void DefaultSets_MatchWireTable()
    {
        var time = new FakeTimeProvider();
        string[] common = [PolicyNames.TokensValid, PolicyNames.TokensExpired, PolicyNames.TokensChained];

        Assert.Equal([.. common, PolicyNames.PrevTokenSigned], DefaultAuthorizationPolicies.NetworkServiceServer(time).Policies.Select(p => p.Name));
        Assert.Equal([.. common, PolicyNames.NextTokenSigned], DefaultAuthorizationPolicies.NetworkServiceClient(time).Policies.Select(p => p.Name));
        Assert.Equal([.. common, PolicyNames.ClientAllowed, PolicyNames.PrevTokenSigned], DefaultAuthorizationPolicies.RegistryServer(time).Policies.Select(p => p.Name));
        Assert.Equal([.. common, PolicyNames.ClientAllowed, PolicyNames.NextTokenSigned], DefaultAuthorizationPolicies.RegistryClient(time).Policies.Select(p => p.Name));
        Assert.Equal([PolicyNames.ServiceConnection], DefaultAuthorizationPolicies.Monitor().Policies.Select(p => p.Name));
    }

    [Fact]
    public void FromPath_CopiesSegmentsIndexAndPeer()
    {
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var path = new Path { Index = 1 };
        path.PathSegments.Add(new PathSegment { Name = "nsc", Id = "nsc-0", Token = "t0", Expires = Timestamp.FromDateTimeOffset(expires) });
        path.PathSegments.Add(new PathSegment { Name = "nsmgr", Id = "id-1" });
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var peer = PeerAuthInfo.FromPublicKey(key);

        var input = NetworkServiceAuthorizationInput.FromPath(path, peer);

        Assert.Equal(1, input.Index);
        Assert.Same(peer, input.Peer);
        Assert.Equal(new AuthorizationPathSegment("t0") { Name = "nsc", Id = "nsc-0", Expires = expires }, input.PathSegments[0]);
        Assert.Equal(new AuthorizationPathSegment(string.Empty) { Name = "nsmgr", Id = "id-1" }, input.PathSegments[1]);
    }

    [Fact]
    public void FromPath_Null_IsEmpty()
    {
        var input = NetworkServiceAuthorizationInput.FromPath(null, null);

        Assert.Empty(input.PathSegments);
        Assert.Equal(0, input.Index);
    }
}
