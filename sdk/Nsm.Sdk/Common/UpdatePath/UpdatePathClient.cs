using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.UpdatePath;

/// <summary>
/// Moves the connection to this hop's path segment on the way in and back to the caller's segment on the way
/// out, so that <c>connection.id</c> is always the current segment's id (wire spec §4.2, §5).
/// </summary>
/// <remarks>
/// <para>Placement: first element of every client chain, before begin, so every per-connection map is keyed by
/// this hop's id.</para>
/// <para>Downstream segment ids are stable across refreshes as long as the hop name at each position is unchanged.
/// The element works on a copy: the caller's request is not changed.</para>
/// </remarks>
/// <param name="name">This hop's segment name (the component name, equal to its registry NSE name).</param>
public sealed class UpdatePathClient(string name) : INetworkServiceClient
{
    private readonly string _name = name ?? throw new ArgumentNullException(nameof(name));

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        PathUpdater.RequestAsync(_name, request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        PathUpdater.CloseAsync(_name, connection, context, next);
}
