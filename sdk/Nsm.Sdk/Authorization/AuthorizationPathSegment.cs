namespace Nsm.Sdk.Authorization;

/// <summary>One path segment as the policies see it (upstream input <c>path_segments[i]</c>).</summary>
/// <param name="Token">The segment's token; empty when the segment carries none.</param>
/// <remarks>Registry path segments carry only a token; networkservice segments also have a name, id and expiry.</remarks>
public sealed record AuthorizationPathSegment(string Token)
{
    /// <summary>Gets the segment name (networkservice only).</summary>
    public string? Name { get; init; }

    /// <summary>Gets the segment id (networkservice only).</summary>
    public string? Id { get; init; }

    /// <summary>Gets the segment's <c>expires</c> (networkservice only).</summary>
    public DateTimeOffset? Expires { get; init; }
}
