using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

public sealed class MtlsTests : IDisposable
{
    private static readonly SpiffeId ServerId = SpiffeId.Parse("spiffe://nsm.local/ns/nsm-system/pod/nsmgr");
    private static readonly SpiffeId ClientId = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/client");
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly TempSocketDir _dir = new();
    private readonly DevCertificateAuthority _ca;

    public MtlsTests() => _ca = new DevCertificateAuthority("nsm.local", _clock);

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private InMemoryX509Source Source(SpiffeId id, TimeSpan? lifetime = null, DevCertificateAuthority? ca = null) =>
        new((ca ?? _ca).Issue(id, lifetime ?? TimeSpan.FromHours(1)), _ca.CreateBundleSet());

    private SpiffeTransportCredentials Credentials(IX509Source source, SpiffeAuthorizer? authorizer = null) => new(source, _clock, authorizer);

    private Task<MtlsTestServer> StartAsync(IX509Source source, bool unix) =>
        MtlsTestServer.StartAsync(Credentials(source), unix ? _dir.Socket("server") : null, _clock);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_peer_of_the_trust_domain_is_served_and_seen_by_its_spiffe_id(bool unix)
    {
        using var serverSource = Source(ServerId);
        using var clientSource = Source(ClientId);
        await using var server = await StartAsync(serverSource, unix);

        var credentials = Credentials(clientSource, SpiffeAuthorizer.Exactly(ServerId));
        Assert.Null(credentials.GetServerPeer(server.Url));

        var seen = await server.CallAsync(credentials);

        Assert.Equal(ClientId.ToString(), seen.SpiffeId);
        Assert.Equal(new TokenPeer(ServerId, serverSource.Svid.NotAfter), credentials.GetServerPeer(server.Url)); // for the tokens' aud
        Assert.Equal(clientSource.Svid.Certificate.SerialNumber, seen.Hint);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_from_another_ca_is_refused(bool unix)
    {
        using var otherCa = new DevCertificateAuthority("nsm.local", _clock);
        using var serverSource = Source(ServerId);
        using var clientSource = Source(ClientId, ca: otherCa); // trusts our CA, but its SVID is from another one
        await using var server = await StartAsync(serverSource, unix);

        var e = await Assert.ThrowsAsync<RpcException>(() => server.CallAsync(Credentials(clientSource)));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task A_server_from_another_ca_is_refused_by_the_client()
    {
        using var otherCa = new DevCertificateAuthority("nsm.local", _clock);
        using var serverSource = new InMemoryX509Source(otherCa.Issue(ServerId, TimeSpan.FromHours(1)), otherCa.CreateBundleSet());
        using var clientSource = Source(ClientId);
        await using var server = await StartAsync(serverSource, unix: true);

        await Assert.ThrowsAsync<RpcException>(() => server.CallAsync(Credentials(clientSource)));
    }

    [Fact]
    public async Task A_server_with_another_id_than_authorized_is_refused()
    {
        using var serverSource = Source(ServerId);
        using var clientSource = Source(ClientId);
        await using var server = await StartAsync(serverSource, unix: true);

        await Assert.ThrowsAsync<RpcException>(() => server.CallAsync(Credentials(clientSource, SpiffeAuthorizer.Exactly(ClientId))));
        await Assert.ThrowsAsync<RpcException>(() => server.CallAsync(Credentials(clientSource, SpiffeAuthorizer.MemberOf("other.org"))));
        Assert.NotNull(await server.CallAsync(Credentials(clientSource, SpiffeAuthorizer.MemberOf("nsm.local"))));
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_on_the_fake_clock()
    {
        using var serverSource = Source(ServerId);
        using var clientSource = Source(ClientId, TimeSpan.FromMinutes(1));
        await using var server = await StartAsync(serverSource, unix: true);
        Assert.Equal(ClientId.ToString(), (await server.CallAsync(Credentials(clientSource))).SpiffeId);

        _clock.Advance(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<RpcException>(() => server.CallAsync(Credentials(clientSource)));
    }

    [Fact]
    public async Task Rotation_applies_to_the_next_handshake_and_open_connections_keep_working()
    {
        using var serverSource = Source(ServerId);
        using var clientSource = Source(ClientId);
        await using var server = await StartAsync(serverSource, unix: false);
        var credentials = Credentials(clientSource);
        using var open = NsmGrpcChannels.Create(server.Url, credentials.ConfigureChannel);
        var before = await MtlsTestServer.CallAsync(open);

        clientSource.Set(_ca.Issue(ClientId, TimeSpan.FromHours(1)), _ca.CreateBundleSet());
        serverSource.Set(_ca.Issue(ServerId, TimeSpan.FromHours(1)), _ca.CreateBundleSet());

        Assert.Equal(before.Hint, (await MtlsTestServer.CallAsync(open)).Hint); // the open connection goes on
        var after = await server.CallAsync(credentials);
        Assert.Equal(clientSource.Svid.Certificate.SerialNumber, after.Hint);
        Assert.NotEqual(before.Hint, after.Hint);
    }

    [Fact]
    public void Verification_uses_the_given_time()
    {
        using var svid = _ca.Issue(ClientId, TimeSpan.FromMinutes(5));
        using var bundles = _ca.CreateBundleSet();
        var now = _clock.GetUtcNow();
        Assert.True(SpiffePeerVerifier.TryVerify(svid.Certificate, null, bundles, now, SpiffeAuthorizer.Any, out _, out var error), error);
        Assert.False(SpiffePeerVerifier.TryVerify(svid.Certificate, null, bundles, now.AddMinutes(6), SpiffeAuthorizer.Any, out _, out _));
        Assert.False(SpiffePeerVerifier.TryVerify(svid.Certificate, null, bundles, now.AddMinutes(-1), SpiffeAuthorizer.Any, out _, out _));
        using var other = new DevCertificateAuthority("other.org", _clock);
        using var otherBundles = other.CreateBundleSet();
        Assert.False(SpiffePeerVerifier.TryVerify(svid.Certificate, null, otherBundles, now, SpiffeAuthorizer.Any, out _, out error));
        Assert.Contains("no trust bundle", error, StringComparison.Ordinal);
    }
}
