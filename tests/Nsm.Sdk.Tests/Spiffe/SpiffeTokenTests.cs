using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

public class SpiffeTokenTests
{
    private static readonly SpiffeId Own = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/client");
    private static readonly SpiffeId Peer = SpiffeId.Parse("spiffe://nsm.local/ns/nsm-system/pod/nsmgr");
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Tokens_are_signed_with_the_svid_key_for_the_tls_peer_and_capped_by_both_certificates()
    {
        using var ca = new DevCertificateAuthority("nsm.local", _clock);
        using var source = new InMemoryX509Source(ca.Issue(Own, TimeSpan.FromMinutes(30)), ca.CreateBundleSet());
        using var peer = ca.Issue(Peer, TimeSpan.FromMinutes(5));
        var generator = new SpiffeJwtTokenGenerator(source, _clock);

        var token = generator.GenerateToken(peer.Certificate); // the server's certificate from the TLS handshake
        var jwt = Jwt.Parse(token.Token);

        Assert.Equal("ES256", jwt.Algorithm);
        Assert.True(JwtVerifier.VerifyEs256(jwt, source.Svid.Certificate));
        Assert.Equal(Own.ToString(), jwt.Claims.Subject);
        Assert.Equal([Peer.ToString()], jwt.Claims.Audience);
        Assert.Equal(peer.NotAfter, token.ExpiresAt); // min(now + 10m, own 30m, peer 5m)

        var own = new InMemoryX509Source(ca.Issue(Own, TimeSpan.FromMinutes(3)), ca.CreateBundleSet());
        Assert.Equal(own.Svid.NotAfter, new SpiffeJwtTokenGenerator(own, _clock).GenerateToken(peer.Certificate).ExpiresAt);
        own.Dispose();

        using var longPeer = ca.Issue(Peer, TimeSpan.FromHours(1));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), generator.GenerateToken(longPeer.Certificate).ExpiresAt);
    }

    [Fact]
    public void A_rotation_signs_with_the_new_key()
    {
        using var ca = new DevCertificateAuthority("nsm.local", _clock);
        using var source = new InMemoryX509Source(ca.Issue(Own, TimeSpan.FromMinutes(30)), ca.CreateBundleSet());
        var generator = new SpiffeJwtTokenGenerator(source, _clock);
        generator.GenerateToken((TokenPeer?)null);

        source.Set(ca.Issue(Own, TimeSpan.FromMinutes(30)), ca.CreateBundleSet());

        Assert.True(JwtVerifier.VerifyEs256(Jwt.Parse(generator.GenerateToken((TokenPeer?)null).Token), source.Svid.Certificate));
    }

    [Fact]
    public async Task Without_a_workload_api_socket_plaintext_needs_an_explicit_opt_in()
    {
        var none = new NsmEnvironment(_ => null);
        await Assert.ThrowsAsync<NsmConfigurationException>(() => NsmTransportSecurity.FromEnvironmentAsync(none, _clock, NullLoggerFactory.Instance, CancellationToken.None));

        var insecure = new NsmEnvironment(n => n == NsmTransportSecurity.InsecureVariable ? "true" : null);
        await using var plaintext = await NsmTransportSecurity.FromEnvironmentAsync(insecure, _clock, NullLoggerFactory.Instance, CancellationToken.None);
        Assert.Same(NsmTransportCredentials.Plaintext, plaintext.Credentials);
        Assert.Null(plaintext.Source);

        var bad = new NsmEnvironment(n => n == WorkloadApiAddress.SocketVariable ? "unix://host/x.sock" : null);
        await Assert.ThrowsAsync<NsmConfigurationException>(() => NsmTransportSecurity.FromEnvironmentAsync(bad, _clock, NullLoggerFactory.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task With_a_workload_api_socket_the_transport_is_mtls_with_its_svid()
    {
        using var dir = new TempSocketDir();
        await using var agent = await DevWorkloadApiServer.StartAsync(
            new DevWorkloadApiServerOptions { SocketPath = dir.Socket("agent"), CallerResolver = new FixedCallerResolver(Own.ToString()) }, _clock);
        var env = new NsmEnvironment(n => n == WorkloadApiAddress.SocketVariable ? "unix:" + agent.Options.SocketPath : null);

        await using var security = await NsmTransportSecurity.FromEnvironmentAsync(env, _clock, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.True(security.Credentials.IsSecure);
        Assert.Equal(Own, security.Source!.Svid.Id);
        Assert.Equal(Own, security.Source.GetIdentity().Id);
    }
}
