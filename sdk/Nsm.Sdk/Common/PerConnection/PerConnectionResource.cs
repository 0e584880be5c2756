using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.PerConnection;

/// <summary>
/// Something a server element holds for a connection id from its first Request until Close: a VLAN id
/// (<c>KernelVlanServer</c>), a VNI (<c>VniServer</c>), IP addresses (<c>IpamServer</c>).
/// </summary>
internal interface IPerConnectionResource
{
    /// <summary>Frees what <paramref name="connectionId"/> holds; nothing when it holds nothing.</summary>
    /// <param name="connectionId">The connection id.</param>
    void Free(string connectionId);
}

/// <summary>
/// The halves of Request and Close that the elements holding a <see cref="IPerConnectionResource"/> share: what a
/// Request took anew is freed when the rest of the chain fails it (a failed refresh keeps what the connection already
/// held), and Close frees it whatever the rest of the chain does.
/// </summary>
internal static class PerConnectionResource
{
    /// <summary>Passes the Request on; when it fails and <paramref name="takenNow"/>, frees the connection's resource.</summary>
    /// <param name="owner">The element holding the resource.</param>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="takenNow">Whether this Request took the resource (a first Request, or a changed one).</param>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>The connection.</returns>
    public static async ValueTask<Connection> RequestAsync(
        IPerConnectionResource owner,
        string connectionId,
        bool takenNow,
        NetworkServiceRequest request,
        NsmContext context,
        NetworkServiceHandler next)
    {
        try
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (takenNow)
        {
            owner.Free(connectionId);
            throw;
        }
    }

    /// <summary>Passes the Close on, then frees the connection's resource (also when the Close fails).</summary>
    /// <param name="owner">The element holding the resource.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when closed.</returns>
    public static async ValueTask CloseAsync(IPerConnectionResource owner, Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            owner.Free(connection.Id ?? string.Empty);
        }
    }
}
