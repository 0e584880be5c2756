using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Begin;

/// <summary>
/// Starts the server chain's per-connection life cycle: serializes every Request, Close and event of one
/// connection id in arrival order and gives later elements an <see cref="IConnectionEventFactory"/> under
/// <see cref="EventFactoryKeys.Begin"/>.
/// </summary>
/// <remarks>
/// <para>Placement: right after updatepath (so the connection id is this hop's id) and before every element that
/// keeps state or changes the connection on the way back.</para>
/// <para>Guarantees: one call or event at a time per id, in arrival order; Close always uses the last connection
/// the chain returned (a Close for an unknown id succeeds without calling next); a failed first Request leaves no
/// state; a failed refresh keeps the established connection; a Request whose connection state is
/// <see cref="State.ReselectRequested"/> first closes the established path. Only the outermost begin acts: when the
/// context already holds an event factory (an event, or a nested chain), this element only calls next.</para>
/// <para>A reselect event closes the stored connection, clears its mechanism and endpoint name and requests again
/// with the state <see cref="State.ReselectRequested"/> (<see cref="BeginReselect.Default"/>).</para>
/// <para>Events re-run the rest of the chain in the background with the values of the last successful Request and
/// the timeout of the first one.</para>
/// </remarks>
public sealed class BeginServer : INetworkServiceServer
{
    private readonly BeginCore _core = new(isClient: false, BeginReselect.Default);

    /// <summary>Gets the number of connections with state (for leak checks).</summary>
    public int Count => _core.Count;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
