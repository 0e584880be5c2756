using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Builder;

/// <summary>
/// What a component knows about itself and its peers when its transport is mTLS with SPIFFE identities
/// (<see cref="NsmBuildContext.Security"/>): the identity its tokens are signed with, the servers it has verified, and
/// whether upstream's default policies are enforced.
/// </summary>
/// <remarks>
/// With security, chains mint ES256 tokens from <see cref="Identity"/> (<c>sub</c> = own SPIFFE ID, <c>aud</c> = the
/// peer's), and their authorize elements check upstream's default policy sets (<c>tokens_valid</c>,
/// <c>tokens_expired</c>, <c>tokens_chained</c>, <c>prev_token_signed</c>, <c>client_allowed</c>). Without it
/// (plaintext, <c>NSM_INSECURE=true</c>) tokens are self-signed and nothing is checked, as upstream without SPIRE.
/// </remarks>
public sealed record NsmSecurity
{
    /// <summary>Gets the identity tokens are signed with (the X.509-SVID source).</summary>
    public required IIdentityProvider Identity { get; init; }

    /// <summary>
    /// Gets the certificate of the server last verified at a dialed URL, or <see langword="null"/> before the first
    /// handshake with it: the <c>aud</c> and expiry cap of the tokens sent there, and the key of <c>next_token_signed</c>.
    /// </summary>
    public required Func<Uri, X509Certificate2?> ServerCertificate { get; init; }

    /// <summary>
    /// Gets the certificate this side presented to the server at a dialed URL in the last handshake, or
    /// <see langword="null"/>: tokens sent there are signed with that SVID's key (<see cref="TokenPeer.PresentedCertificate"/>).
    /// </summary>
    public Func<Uri, X509Certificate2?> PresentedCertificate { get; init; } = _ => null;

    /// <summary>
    /// Gets a handshake with the server at a URL, so that <see cref="ServerCertificate"/> knows it before the first
    /// call there carries a token (per-call tokens are minted before the call picks its connection).
    /// </summary>
    public required Func<Uri, CancellationToken, ValueTask> HandshakeAsync { get; init; }

    /// <summary>
    /// Gets the other certificates of the same SPIFFE ID as a peer's that TLS handshakes verified and that are still
    /// valid: a peer that rotated its SVID signs with either key while its connections last, and the signature
    /// policies accept both. None by default.
    /// </summary>
    public Func<X509Certificate2, IReadOnlyList<X509Certificate2>> SameIdentityCertificates { get; init; } = _ => [];

    /// <summary>Gets a value indicating whether the chains enforce upstream's default policies. The default is <see langword="true"/>.</summary>
    public bool EnforcePolicies { get; init; } = true;

    /// <summary>Gets the certificate of the server at <paramref name="url"/>, handshaking with it first when it is not known yet.</summary>
    /// <param name="url">The dialed URL.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The certificate, or <see langword="null"/> when the handshake failed or did not tell.</returns>
    public async ValueTask<X509Certificate2?> GetServerCertificateAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (ServerCertificate(url) is { } known)
        {
            return known;
        }

        try
        {
            await HandshakeAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreachable or refused: the call itself fails on its own connection with the transport's status
            // (Unavailable), as it would without this handshake.
            return null;
        }

        return ServerCertificate(url);
    }
}
