using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

public class NsmIdentityTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void CreateSelfSigned_CertificateCarriesIdKeyAndValidity()
    {
        var time = new FakeTimeProvider(Now);
        var id = SpiffeId.Parse("spiffe://example.org/nsmgr");

        using var identity = NsmIdentity.CreateSelfSigned(id, time, TimeSpan.FromHours(1));

        Assert.Equal(id, identity.Id);
        Assert.NotNull(identity.Certificate);
        Assert.True(identity.Certificate.HasPrivateKey);
        Assert.Equal(Now.AddHours(1), identity.NotAfter);
        Assert.True(SpiffeCertificate.TryGetSpiffeId(identity.Certificate, out var certId));
        Assert.Equal(id, certId);
    }

    [Fact]
    public void CreateSelfSigned_TokensVerifyWithTheCertificatePublicKey()
    {
        using var identity = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/nse"), new FakeTimeProvider(Now), TimeSpan.FromHours(1));

        var token = JwtEncoder.CreateEs256(new JwtClaims { Subject = identity.Id.ToString() }, identity.Key);

        Assert.True(JwtVerifier.VerifyEs256(Jwt.Parse(token), identity.Certificate!));
    }

    [Fact]
    public void CreateSelfSigned_TrustDomainOnlyId_RoundTripsWithoutNormalisation()
    {
        using var identity = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org"), new FakeTimeProvider(Now), TimeSpan.FromHours(1));

        Assert.True(SpiffeCertificate.TryGetSpiffeId(identity.Certificate!, out var id));
        Assert.Equal("spiffe://example.org", id.ToString());
    }

    [Fact]
    public void FromCertificate_PublicOnlyCertificate_Throws()
    {
        using var identity = NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://example.org/a"), new FakeTimeProvider(Now), TimeSpan.FromHours(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(identity.Certificate!.RawData);

        Assert.Throws<ArgumentException>(() => NsmIdentity.FromCertificate(publicOnly));
    }

    [Fact]
    public void TryGetSpiffeId_CertificateWithoutUriSan_ReturnsFalse()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=plain", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(Now, Now.AddHours(1));

        Assert.False(SpiffeCertificate.TryGetSpiffeId(certificate, out _));
        Assert.Throws<ArgumentException>(() => NsmIdentity.FromCertificate(certificate));
    }

    [Fact]
    public void TryGetSpiffeId_DnsAndUriSans_ReadsTheUri()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mixed", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("nsmgr.local");
        san.AddUri(new Uri("spiffe://example.org/nsmgr"));
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(Now, Now.AddHours(1));

        Assert.True(SpiffeCertificate.TryGetSpiffeId(certificate, out var id));
        Assert.Equal("spiffe://example.org/nsmgr", id.ToString());
    }

    [Fact]
    public void Constructor_NonP256Key_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => new NsmIdentity(SpiffeId.Parse("spiffe://example.org/a"), key));
    }

    [Fact]
    public void KeyOnlyIdentity_HasNoNotAfter()
    {
        using var identity = new NsmIdentity(SpiffeId.Parse("spiffe://example.org/a"), ECDsa.Create(ECCurve.NamedCurves.nistP256));

        Assert.Null(identity.Certificate);
        Assert.Null(identity.NotAfter);
        Assert.Same(identity, new StaticIdentityProvider(identity).GetIdentity());
    }
}
