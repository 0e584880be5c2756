using System.Security.Cryptography;
using System.Text;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Tokens;

public class JwtTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    private static JwtClaims Claims => new()
    {
        Subject = "spiffe://example.org/nsc",
        Audience = ["spiffe://example.org/nsmgr"],
        ExpiresAt = Expiry,
    };

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void CreateEs256_Parse_RoundTripsClaimsAndVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var token = JwtEncoder.CreateEs256(Claims, key);
        var jwt = Jwt.Parse(token);

        Assert.Equal(JwtAlgorithms.ES256, jwt.Algorithm);
        Assert.Equal("spiffe://example.org/nsc", jwt.Claims.Subject);
        Assert.Equal(["spiffe://example.org/nsmgr"], jwt.Claims.Audience);
        Assert.Equal(Expiry, jwt.Claims.ExpiresAt);
        Assert.Null(jwt.Claims.IssuedAt);
        Assert.Equal(64, jwt.Signature.Length);
        Assert.True(JwtVerifier.VerifyEs256(jwt, key));
        Assert.True(JwtVerifier.VerifyEs256(token, key));
    }

    [Fact]
    public void CreateEs256_WritesAudienceAsArrayAndExpAsInteger()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jwt = Jwt.Parse(JwtEncoder.CreateEs256(Claims with { IssuedAt = Expiry.AddMinutes(-10) }, key));

        Assert.Equal(System.Text.Json.JsonValueKind.Array, jwt.Payload.GetProperty("aud").ValueKind);
        Assert.Equal(1_900_000_000, jwt.Payload.GetProperty("exp").GetInt64());
        Assert.Equal(1_900_000_000 - 600, jwt.Payload.GetProperty("iat").GetInt64());
        Assert.Equal("JWT", jwt.Header.GetProperty("typ").GetString());
    }

    [Fact]
    public void CreateEs256_EmptyAudience_OmitsClaim()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jwt = Jwt.Parse(JwtEncoder.CreateEs256(Claims with { Audience = [] }, key));

        Assert.False(jwt.Payload.TryGetProperty("aud", out _));
        Assert.Empty(jwt.Claims.Audience);
    }

    [Fact]
    public void CreateEs256_SignatureIsIeeeP1363_VerifiableIndependently()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = JwtEncoder.CreateEs256(Claims, key);
        var lastDot = token.LastIndexOf('.');
        var signature = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));

        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(token[..lastDot]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void CreateEs256_NonP256Key_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => JwtEncoder.CreateEs256(Claims, key));
    }

    [Fact]
    public void VerifyEs256_WrongKey_Rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(JwtVerifier.VerifyEs256(JwtEncoder.CreateEs256(Claims, key), other));
    }

    [Fact]
    public void VerifyEs256_ForgedClaims_Rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parts = JwtEncoder.CreateEs256(Claims, key).Split('.');
        var forged = $"{parts[0]}.{B64("{\"sub\":\"spiffe://example.org/evil\",\"exp\":1900000000}")}.{parts[2]}";

        Assert.True(Jwt.TryParse(forged, out var jwt));
        Assert.False(JwtVerifier.VerifyEs256(jwt, key));
    }

    [Fact]
    public void VerifyEs256_TamperedSignature_Rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = JwtEncoder.CreateEs256(Claims, key);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.False(JwtVerifier.VerifyEs256(tampered, key));
    }

    [Fact]
    public void VerifyEs256_Hs256Token_RejectedEvenIfMacWouldMatch()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = JwtEncoder.CreateHs256(Claims, Encoding.UTF8.GetBytes("supersecret"));

        Assert.False(JwtVerifier.VerifyEs256(token, key));
    }

    [Fact]
    public void Hs256_SandboxSecret_RoundTripsAndWrongSecretRejected()
    {
        var token = JwtEncoder.CreateHs256(Claims, Encoding.UTF8.GetBytes("supersecret"));
        var jwt = Jwt.Parse(token);

        Assert.Equal(JwtAlgorithms.HS256, jwt.Algorithm);
        Assert.True(JwtVerifier.VerifyHs256(jwt, Encoding.UTF8.GetBytes("supersecret")));
        Assert.False(JwtVerifier.VerifyHs256(jwt, Encoding.UTF8.GetBytes("notsosecret")));
    }

    [Fact]
    public void VerifyHs256_PublishedRfcStyleVector_Verifies()
    {
        // The well-known jwt.io example token, signed with HS256 and the secret "your-256-bit-secret".
        const string token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

        var jwt = Jwt.Parse(token);

        Assert.True(JwtVerifier.VerifyHs256(jwt, Encoding.UTF8.GetBytes("your-256-bit-secret")));
        Assert.Equal("1234567890", jwt.Claims.Subject);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1516239022), jwt.Claims.IssuedAt);
        Assert.Equal("John Doe", jwt.Payload.GetProperty("name").GetString());
    }

    [Fact]
    public void Parse_HandBuiltToken_ReadsStringAudienceAndFractionalExp()
    {
        var token = $"{B64("{\"alg\":\"none\"}")}.{B64("{\"sub\":\"spiffe://test.com/subject\",\"aud\":\"spiffe://test.com/peer\",\"exp\":1700000000.5,\"extra\":[1,2]}")}.";

        var jwt = Jwt.Parse(token);

        Assert.Equal("none", jwt.Algorithm);
        Assert.Equal("spiffe://test.com/subject", jwt.Claims.Subject);
        Assert.Equal(["spiffe://test.com/peer"], jwt.Claims.Audience);
        Assert.True(jwt.Claims.HasAudience("spiffe://test.com/peer"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), jwt.Claims.ExpiresAt);
        Assert.True(jwt.Signature.IsEmpty);
    }

    [Fact]
    public void Parse_PaddedParts_Accepted()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\"}"));
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"sub\":\"x\"}"));

        Assert.True(Jwt.TryParse($"{header}.{payload}.", out var jwt));
        Assert.Equal("x", jwt.Claims.Subject);
    }

    [Fact]
    public void Parse_WrongTypedClaims_ReadAsAbsent()
    {
        var jwt = Jwt.Parse($"{B64("{}")}.{B64("{\"sub\":5,\"aud\":[\"a\",7],\"exp\":\"soon\"}")}.");

        Assert.Null(jwt.Algorithm);
        Assert.Null(jwt.Claims.Subject);
        Assert.Equal(["a"], jwt.Claims.Audience);
        Assert.Null(jwt.Claims.ExpiresAt);
    }

    public static TheoryData<string?> NotJwts => new()
    {
        null,
        string.Empty,
        "abc",
        "a.b",
        "a.b.c.d",
        $"{B64("{}")}.{B64("{}")}.@@@",
        $"{B64("{}")}.not json.",
        $"{B64("{}")}.{B64("not json")}.",
        $"{B64("[]")}.{B64("{}")}.",
        $"{B64("{}")}.{B64("\"str\"")}.",
        $"{B64("{}")}. {B64("{}")}.",
        "a.b.c",
    };

    [Theory]
    [MemberData(nameof(NotJwts))]
    public void TryParse_Malformed_ReturnsFalse(string? token)
    {
        Assert.False(Jwt.TryParse(token, out _));
        if (token is not null)
        {
            Assert.Throws<JwtFormatException>(() => Jwt.Parse(token));
        }
    }

    [Fact]
    public void TryGetSpiffeSubject_ReadsValidSubjectOnly()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(Jwt.TryGetSpiffeSubject(JwtEncoder.CreateEs256(Claims, key), out var id));
        Assert.Equal("spiffe://example.org/nsc", id.ToString());
        Assert.False(Jwt.TryGetSpiffeSubject(JwtEncoder.CreateEs256(Claims with { Subject = "nsc" }, key), out _));
        Assert.False(Jwt.TryGetSpiffeSubject(JwtEncoder.CreateEs256(Claims with { Subject = null }, key), out _));
        Assert.False(Jwt.TryGetSpiffeSubject("garbage", out _));
    }
}
