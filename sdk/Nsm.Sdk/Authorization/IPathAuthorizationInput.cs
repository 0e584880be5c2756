namespace Nsm.Sdk.Authorization;

/// <summary>The part of a policy input shared by networkservice and registry: the token path and the TLS peer.</summary>
public interface IPathAuthorizationInput
{
    /// <summary>Gets the path segments (upstream <c>path_segments</c>).</summary>
    IReadOnlyList<AuthorizationPathSegment> PathSegments { get; }

    /// <summary>Gets this hop's index in <see cref="PathSegments"/> (upstream <c>index</c>).</summary>
    int Index { get; }

    /// <summary>Gets the TLS peer, or <see langword="null"/> when there is none (upstream empty certificate).</summary>
    PeerAuthInfo? Peer { get; }
}
