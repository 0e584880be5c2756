using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>Tells the development Workload API server which SPIFFE ID a calling process gets (SPIRE's workload attestation).</summary>
public interface ICallerResolver
{
    /// <summary>Maps a caller to its SPIFFE ID.</summary>
    /// <param name="caller">The caller's peer credentials.</param>
    /// <param name="trustDomain">The server's trust domain; the ID must be in it.</param>
    /// <returns>The ID, or <see langword="null"/> when the caller gets no identity (PermissionDenied, as SPIRE's "no identity issued").</returns>
    SpiffeId? Resolve(UnixPeerCredentials caller, string trustDomain);
}
