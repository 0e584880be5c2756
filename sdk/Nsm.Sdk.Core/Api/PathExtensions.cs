using Nsm.Api.NetworkService;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Api;

/// <summary>Accessors for the current, previous and next segment of a <see cref="ApiPath"/>.</summary>
public static class PathExtensions
{
    /// <summary>The segment at <c>path.index</c>, or null when the path is null, empty or the index is out of range.</summary>
    /// <param name="path">The path.</param>
    public static PathSegment? GetCurrentPathSegment(this ApiPath? path) => SegmentAt(path, path is null ? -1 : (long)path.Index);

    /// <summary>The segment at <c>path.index - 1</c>, or null when out of range.</summary>
    /// <param name="path">The path.</param>
    public static PathSegment? GetPrevPathSegment(this ApiPath? path) => SegmentAt(path, path is null ? -1 : (long)path.Index - 1);

    /// <summary>The segment at <c>path.index + 1</c>, or null when out of range.</summary>
    /// <param name="path">The path.</param>
    public static PathSegment? GetNextPathSegment(this ApiPath? path) => SegmentAt(path, path is null ? -1 : (long)path.Index + 1);

    /// <summary>The current segment of the connection's path, or null.</summary>
    /// <param name="connection">The connection.</param>
    public static PathSegment? GetCurrentPathSegment(this Connection? connection) => connection?.Path.GetCurrentPathSegment();

    /// <summary>The previous segment of the connection's path, or null.</summary>
    /// <param name="connection">The connection.</param>
    public static PathSegment? GetPrevPathSegment(this Connection? connection) => connection?.Path.GetPrevPathSegment();

    /// <summary>The next segment of the connection's path, or null.</summary>
    /// <param name="connection">The connection.</param>
    public static PathSegment? GetNextPathSegment(this Connection? connection) => connection?.Path.GetNextPathSegment();

    private static PathSegment? SegmentAt(ApiPath? path, long index) =>
        path is null || index < 0 || index >= path.PathSegments.Count ? null : path.PathSegments[(int)index];
}
