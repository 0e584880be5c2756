namespace Nsm.Sdk.Tokens;

/// <summary>The JWS <c>alg</c> header values this library signs and verifies.</summary>
public static class JwtAlgorithms
{
    /// <summary>ECDSA over P-256 with SHA-256; what every real NSM component (<c>spiffejwt</c>) uses.</summary>
    public const string ES256 = "ES256";

    /// <summary>HMAC with SHA-256; what the upstream sdk test sandbox uses (secret <c>supersecret</c>).</summary>
    public const string HS256 = "HS256";
}
