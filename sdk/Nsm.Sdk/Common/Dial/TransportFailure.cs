using System.Net.Http;
using Grpc.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>Tells a call that failed on its way to the next hop from one the next hop answered with an error.</summary>
internal static class TransportFailure
{
    /// <summary>
    /// Whether <paramref name="error"/> may mean that the next hop is gone: <c>Unavailable</c>, or <c>Internal</c>
    /// raised by the HTTP/2 transport itself (a hop shutting down sends GOAWAY; a call that starts just then fails with
    /// "server closed the connection" rather than Unavailable). A probe of the socket then decides.
    /// </summary>
    /// <param name="error">The failed call's error.</param>
    /// <returns><see langword="true"/> when the socket is worth probing.</returns>
    public static bool MayBeGone(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable
        || (error.StatusCode == StatusCode.Internal && error.Status.DebugException is HttpRequestException or IOException);
}
