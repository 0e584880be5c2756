using Path = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Authorization;

/// <summary>The policy input of networkservice Request/Close authorization: the connection path and the TLS peer.</summary>
/// <param name="PathSegments">The connection's path segments.</param>
/// <param name="Index">This hop's index.</param>
/// <param name="Peer">The TLS peer: the client on a server, the server on a client.</param>
public sealed record NetworkServiceAuthorizationInput(
    IReadOnlyList<AuthorizationPathSegment> PathSegments, int Index, PeerAuthInfo? Peer) : IPathAuthorizationInput
{
    /// <summary>Builds the input from a connection path, as upstream serialises <c>Path</c> for OPA.</summary>
    /// <param name="path">The path, or <see langword="null"/> for an empty one.</param>
    /// <param name="peer">The TLS peer.</param>
    /// <returns>The input.</returns>
    public static NetworkServiceAuthorizationInput FromPath(Path? path, PeerAuthInfo? peer)
    {
        var segments = path?.PathSegments.Select(s => new AuthorizationPathSegment(s.Token ?? string.Empty)
        {
            Name = s.Name,
            Id = s.Id,
            Expires = s.Expires?.ToDateTimeOffset(),
        }).ToArray() ?? [];
        return new NetworkServiceAuthorizationInput(segments, (int)(path?.Index ?? 0), peer);
    }
}
