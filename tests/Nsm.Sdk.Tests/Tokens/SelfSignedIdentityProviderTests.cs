using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

/// <summary>Self-signed identities renew themselves, over several simulated days, without any token being born expired.</summary>
public sealed class SelfSignedIdentityProviderTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void SelfSignedTokenGenerator_every_token_over_five_days_expires_ten_minutes_ahead()
    {
        var clock = new FakeTimeProvider(Start);
        var generator = SelfSignedTokenGenerator.Create("nsmgr", clock);
        string? subject = null;

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromDays(5); elapsed += TimeSpan.FromMinutes(7))
        {
            var now = clock.GetUtcNow();
            var token = generator.GenerateToken((TokenPeer?)null);

            Assert.True(token.ExpiresAt > now, $"a token generated at {now:O} expires at {token.ExpiresAt:O}");
            Assert.Equal(NumericDate.Truncate(now + TokenDefaults.MaxTokenLifetime), token.ExpiresAt);
            var claims = Jwt.Parse(token.Token).Claims;
            Assert.Equal(token.ExpiresAt, claims.ExpiresAt);
            subject ??= claims.Subject;
            Assert.Equal(subject, claims.Subject); // the SPIFFE ID survives every renewal
            clock.Advance(TimeSpan.FromMinutes(7));
        }
    }

    [Fact]
    public void Renews_at_half_of_the_lifetime_so_the_identity_in_use_always_has_half_a_lifetime_left()
    {
        var clock = new FakeTimeProvider(Start);
        using var provider = new SelfSignedIdentityProvider(SpiffeId.Parse("spiffe://nsm.local/nse"), clock, TimeSpan.FromDays(1));

        for (var hour = 0; hour < 24 * 5; hour++)
        {
            var now = clock.GetUtcNow();
            var identity = provider.GetIdentity();

            Assert.True(identity.NotAfter - now >= TimeSpan.FromHours(12), $"at {now:O} the identity runs out at {identity.NotAfter:O}");
            Assert.True(identity.Certificate!.NotBefore.ToUniversalTime() <= now.UtcDateTime);
            Assert.Equal(provider.Id, identity.Id);
            clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(9, provider.Renewals); // at 12 h, 24 h, ... 108 h
    }

    [Fact]
    public void A_long_idle_period_renews_before_the_next_use()
    {
        var clock = new FakeTimeProvider(Start);
        using var provider = new SelfSignedIdentityProvider(SpiffeId.Parse("spiffe://nsm.local/nse"), clock, TimeSpan.FromDays(1));
        var first = provider.GetIdentity();

        clock.Advance(TimeSpan.FromDays(3));
        var next = provider.GetIdentity();

        Assert.NotSame(first, next);
        Assert.True(next.NotAfter > clock.GetUtcNow().AddHours(23));
        Assert.Equal(1, provider.Renewals);
    }

    [Fact]
    public async Task Concurrent_callers_at_the_renewal_point_renew_once_and_all_get_a_valid_identity()
    {
        var clock = new FakeTimeProvider(Start);
        using var provider = new SelfSignedIdentityProvider(SpiffeId.Parse("spiffe://nsm.local/nse"), clock, TimeSpan.FromDays(1));
        var first = provider.GetIdentity();
        clock.Advance(TimeSpan.FromHours(12));

        var identities = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(provider.GetIdentity)));

        Assert.Equal(1, provider.Renewals);
        Assert.All(identities, i => Assert.True(i.NotAfter > clock.GetUtcNow()));
        Assert.All(identities, i => Assert.True(ReferenceEquals(i, first) || ReferenceEquals(i, provider.GetIdentity())));
        Assert.NotSame(first, provider.GetIdentity());
    }

    [Fact]
    public void A_token_signed_just_before_a_renewal_still_verifies_after_it_with_the_trusted_certificates()
    {
        var clock = new FakeTimeProvider(Start);
        using var provider = new SelfSignedIdentityProvider(SpiffeId.Parse("spiffe://nsm.local/nsc"), clock, TimeSpan.FromDays(1));
        var generator = new SpiffeJwtTokenGenerator(provider, clock);
        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        var before = generator.GenerateToken((TokenPeer?)null).Token;

        clock.Advance(TimeSpan.FromSeconds(2));
        var after = generator.GenerateToken((TokenPeer?)null).Token;

        Assert.Equal(1, provider.Renewals);
        Assert.False(PeerAuthInfo.FromCertificate(provider.GetIdentity().Certificate!).VerifyEs256(before)); // a new key
        var trusted = PeerAuthInfo.FromCertificates(provider.GetTrustedCertificates());
        Assert.True(trusted.VerifyEs256(before));
        Assert.True(trusted.VerifyEs256(after));
        Assert.Equal(2, provider.GetTrustedCertificates().Count);
    }

    [Fact]
    public void A_connection_refreshed_for_three_days_passes_every_policy_at_every_hop_across_renewals()
    {
        var clock = new FakeTimeProvider(Start);
        using var nsc = SelfSignedTokenGenerator.CreateIdentityProvider("nsc", clock, TokenDefaults.MaxTokenLifetime);
        using var nsmgr = SelfSignedTokenGenerator.CreateIdentityProvider("nsmgr", clock, TokenDefaults.MaxTokenLifetime);
        using var nse = SelfSignedTokenGenerator.CreateIdentityProvider("nse", clock, TokenDefaults.MaxTokenLifetime);
        var nscTokens = new SpiffeJwtTokenGenerator(nsc, clock);
        var nsmgrTokens = new SpiffeJwtTokenGenerator(nsmgr, clock);
        var nseTokens = new SpiffeJwtTokenGenerator(nse, clock);
        var server = DefaultAuthorizationPolicies.NetworkServiceServer(clock);
        var client = DefaultAuthorizationPolicies.NetworkServiceClient(clock);
        TokenPeer Peer(SelfSignedIdentityProvider p) => new(p.Id, null);
        PeerAuthInfo Trusted(SelfSignedIdentityProvider p) => PeerAuthInfo.FromCertificates(p.GetTrustedCertificates());
        var crossed = 0;

        // Refresh every 3 min (1/3 of 10 min), signed half a second before the check; renewals (every 12 h) thus fall
        // between signing and checking.
        clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromMilliseconds(500));
        for (var step = 0; step < 3 * 24 * 20; step++)
        {
            AuthorizationPathSegment[] returned =
            [
                new(nscTokens.GenerateToken(Peer(nsmgr)).Token),
                new(nsmgrTokens.GenerateToken(Peer(nse)).Token),
                new(nseTokens.GenerateToken(Peer(nsmgr)).Token),
            ];
            var renewals = nsc.Renewals + nsmgr.Renewals + nse.Renewals;
            clock.Advance(TimeSpan.FromSeconds(1));
            _ = nscTokens.GenerateToken(Peer(nsmgr));
            _ = nsmgrTokens.GenerateToken(Peer(nse));
            _ = nseTokens.GenerateToken(Peer(nsmgr));
            crossed += nsc.Renewals + nsmgr.Renewals + nse.Renewals - renewals;

            Assert.True(server.Evaluate(new NetworkServiceAuthorizationInput(returned[..2], 1, Trusted(nsc))).IsAllowed, $"nsmgr, step {step}");
            Assert.True(server.Evaluate(new NetworkServiceAuthorizationInput(returned, 2, Trusted(nsmgr))).IsAllowed, $"nse, step {step}");
            Assert.True(client.Evaluate(new NetworkServiceAuthorizationInput(returned, 1, Trusted(nse))).IsAllowed, $"nsmgr client, step {step}");
            Assert.True(client.Evaluate(new NetworkServiceAuthorizationInput(returned, 0, Trusted(nsmgr))).IsAllowed, $"nsc client, step {step}");
            clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        }

        Assert.Equal(18, crossed); // 6 renewals (12 h … 72 h) of each of the three identities, each between signing and checking
    }
}
