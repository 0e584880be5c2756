using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.UpdatePath;

/// <summary>The path and id discipline shared by <see cref="UpdatePathServer"/> and <see cref="UpdatePathClient"/>.</summary>
internal static class PathUpdater
{
    /// <summary>
    /// Moves <paramref name="conn"/> to this hop's path segment, creating or renaming it as needed, and sets the
    /// connection id to that segment's id.
    /// </summary>
    /// <param name="conn">The connection to change.</param>
    /// <param name="name">This hop's segment name.</param>
    /// <returns>The index to restore on the way back (the caller's index).</returns>
    /// <exception cref="NsmStatusException">The index or the id does not fit the path (InvalidArgument).</exception>
    public static uint Update(Connection conn, string name)
    {
        conn.Path ??= new Nsm.Api.NetworkService.Path();
        var path = conn.Path;
        var segments = path.PathSegments;
        if (segments.Count == 0)
        {
            // 0. No path yet: this hop starts it.
            path.Index = 0;
            if (string.IsNullOrEmpty(conn.Id))
            {
                conn.Id = NewId();
            }

            segments.Add(new PathSegment { Name = name, Id = conn.Id });
            return 0;
        }

        var index = (int)path.Index;
        if (index < segments.Count && segments[index].Name == name)
        {
            // 1. The current segment is ours (e.g. the client half of the same component).
            conn.Id = segments[index].Id;
            return path.Index;
        }

        var nextIndex = index + 1;
        if (nextIndex > segments.Count)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument,
                $"Path.Index+1=={nextIndex} should be less or equal len(Path.PathSegments)=={segments.Count}");
        }

        if (segments[index].Id != conn.Id)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument,
                $"Current PathSegment.Id=={segments[index].Id} should be equal Connection.Id=={conn.Id}");
        }

        if (nextIndex < segments.Count && segments[nextIndex].Name != name)
        {
            // 2.1 Another hop held the next position: it is ours now, with a new id.
            segments[nextIndex].Name = name;
            segments[nextIndex].Id = NewId();
        }

        path.Index++;
        if (nextIndex >= segments.Count)
        {
            // 2.2 No next segment: append ours.
            conn.Id = NewId();
            segments.Add(new PathSegment { Name = name, Id = conn.Id });
        }
        else
        {
            // 2.3 The next segment is ours from an earlier Request: keep its id.
            conn.Id = segments[nextIndex].Id;
        }

        return (uint)index;
    }

    /// <summary>Turns a connection returned by the rest of the chain back into the caller's view.</summary>
    /// <param name="conn">The connection.</param>
    /// <param name="index">The index <see cref="Update"/> returned.</param>
    public static void Restore(Connection conn, uint index)
    {
        if (conn.Path is { } path && index < path.PathSegments.Count)
        {
            conn.Id = path.PathSegments[(int)index].Id;
            path.Index = index;
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();

    /// <summary>The Request body shared by the server and client halves: update on the way in, restore on the way out.</summary>
    internal static async ValueTask<Connection> RequestAsync(string name, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        request = request.Clone();
        request.Connection ??= new Connection();
        var index = Update(request.Connection, name);
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        Restore(conn, index);
        return conn;
    }

    /// <summary>The Close body shared by the server and client halves.</summary>
    internal static ValueTask CloseAsync(string name, Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        connection = connection.Clone();
        Update(connection, name);
        return next.CloseAsync(connection, context);
    }
}
