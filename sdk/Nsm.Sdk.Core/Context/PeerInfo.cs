using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Core;

/// <summary>
/// What a server knows about its caller: the transport address, the identity and the token it presented.
/// </summary>
/// <param name="Address">The peer address as reported by the transport (e.g. <c>unix:</c> or <c>ipv4:127.0.0.1:1234</c>).</param>
/// <param name="Token">The value of the <c>nsm-client-token</c> metadata, or <see langword="null"/> when absent or ambiguous.</param>
/// <param name="TokenExpires">The value of <c>nsm-client-token-expires</c>, when present and valid.</param>
/// <param name="SpiffeId">The caller's SPIFFE ID when the transport authenticated it.</param>
public sealed record PeerInfo(string? Address, string? Token, DateTimeOffset? TokenExpires, string? SpiffeId = null)
{
    /// <summary>
    /// Gets the caller's TLS leaf certificate when the transport authenticated it (upstream's peer AuthInfo), used for
    /// the signature policies and as the audience of tokens minted for the caller; <see langword="null"/> otherwise.
    /// </summary>
    /// <remarks>Not owned by this record: whoever sets it keeps it alive for the call.</remarks>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Gets the TLS certificate this server presented to the caller on the call's connection, if any.</summary>
    public X509Certificate2? LocalCertificate { get; init; }

    /// <summary>
    /// Gets the caller's other certificates of the same SPIFFE ID that this server verified and that are still valid
    /// (a caller that rotated its SVID signs with either key while its connections last).
    /// </summary>
    public IReadOnlyList<X509Certificate2> OtherCertificates { get; init; } = [];
}
