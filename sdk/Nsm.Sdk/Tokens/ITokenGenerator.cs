using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>Mints this component's token for one call or one path segment (upstream <c>token.GeneratorFunc</c>).</summary>
public interface ITokenGenerator
{
    /// <summary>Generates a token for <paramref name="peer"/>.</summary>
    /// <param name="peer">The TLS peer, or <see langword="null"/> when there is none (insecure transport).</param>
    /// <returns>The token and its expiry.</returns>
    GeneratedToken GenerateToken(TokenPeer? peer);
}

/// <summary>Convenience overloads for <see cref="ITokenGenerator"/>.</summary>
public static class TokenGeneratorExtensions
{
    /// <summary>Generates a token for the peer that presented <paramref name="peerCertificate"/>.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="peerCertificate">The peer's leaf certificate, or <see langword="null"/> when there is none.</param>
    /// <returns>The token and its expiry.</returns>
    public static GeneratedToken GenerateToken(this ITokenGenerator generator, X509Certificate2? peerCertificate)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GenerateToken(peerCertificate is null ? null : TokenPeer.FromCertificate(peerCertificate));
    }
}
