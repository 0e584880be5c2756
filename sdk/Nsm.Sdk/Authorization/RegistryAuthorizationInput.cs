using Nsm.Sdk.Api;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Authorization;

/// <summary>The policy input of registry Register/Unregister authorization (upstream registry OPA input).</summary>
/// <param name="ResourceId">The SPIFFE ID of the original registrant: <c>sub</c> of path segment 0's token (<c>resource_id</c>).</param>
/// <param name="ResourceName">The NS or NSE name (<c>resource_name</c>).</param>
/// <param name="ResourcePathIdsMap">Name → stored <c>path_ids</c> of earlier registrations (<c>resource_path_ids_map</c>).</param>
/// <param name="PathSegments">The registry path: the left side <c>[0..index]</c> on a server, the full path on a client.</param>
/// <param name="Index">This hop's index.</param>
/// <param name="Peer">The TLS peer.</param>
public sealed record RegistryAuthorizationInput(
    string ResourceId,
    string ResourceName,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ResourcePathIdsMap,
    IReadOnlyList<AuthorizationPathSegment> PathSegments,
    int Index,
    PeerAuthInfo? Peer) : IPathAuthorizationInput
{
    /// <summary>Builds the input from the registry <c>path</c> metadata, as upstream registry authorize does.</summary>
    /// <param name="path">The registry path after <c>updatepath</c>.</param>
    /// <param name="resourceName">The NS or NSE name.</param>
    /// <param name="resourcePathIdsMap">Name → stored <c>path_ids</c>.</param>
    /// <param name="peer">The TLS peer.</param>
    /// <param name="leftSideOnly">
    /// <see langword="true"/> on a server, which sees segments <c>[0..index]</c>; <see langword="false"/> on a client,
    /// which sees the full path.
    /// </param>
    /// <returns>The input, with <see cref="ResourceId"/> read from segment 0's token.</returns>
    public static RegistryAuthorizationInput FromPath(
        RegistryPath path,
        string resourceName,
        IReadOnlyDictionary<string, IReadOnlyList<string>> resourcePathIdsMap,
        PeerAuthInfo? peer,
        bool leftSideOnly)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(resourceName);
        ArgumentNullException.ThrowIfNull(resourcePathIdsMap);
        var index = (int)path.Index;
        var all = path.PathSegments.Select(s => new AuthorizationPathSegment(s.Token ?? string.Empty));
        AuthorizationPathSegment[] segments = leftSideOnly ? [.. all.Take(index + 1)] : [.. all];
        return new RegistryAuthorizationInput(ResourceIdFromPath(segments), resourceName, resourcePathIdsMap, segments, index, peer);
    }

    /// <summary>Computes <c>resource_id</c>: the SPIFFE ID in <c>sub</c> of segment 0's token, or <c>""</c>.</summary>
    /// <param name="pathSegments">The registry path segments.</param>
    /// <returns>The registrant's SPIFFE ID string, or an empty string when it cannot be read.</returns>
    public static string ResourceIdFromPath(IReadOnlyList<AuthorizationPathSegment> pathSegments)
    {
        ArgumentNullException.ThrowIfNull(pathSegments);
        return pathSegments.Count > 0 && Jwt.TryGetSpiffeSubject(pathSegments[0].Token, out var id) ? id.ToString() : string.Empty;
    }
}
