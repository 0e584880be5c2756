using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms;

/// <summary>
/// Client-side counterpart of <see cref="MechanismsServer"/>: runs the sub-chain registered for the connection's
/// mechanism type (or, before one is selected, for the offered preferences). Sub-chains continue into the rest of
/// the outer chain; this element itself never calls next.
/// </summary>
/// <remarks>
/// <para>
/// Request with <c>connection.mechanism</c> set: dispatch to its type, or fail with InvalidArgument
/// "unsupported mechanism type X". Without a mechanism (as upstream) the request is passed <b>unchanged</b> (all
/// preferences, no mechanism set) to the sub-chain of each registered preference type in order, once per type;
/// the first success wins and failures accumulate into "cannot support any of the requested mechanism: ...".
/// </para>
/// <para>
/// Sets the current path segment metric <c>client_interface</c> = <c>&lt;TYPE&gt;/&lt;name or unknown&gt;</c> from
/// the mechanism the next hop selected. Close dispatches by type (unknown type: InvalidArgument).
/// </para>
/// </remarks>
public sealed class MechanismsClient : INetworkServiceClient
{
    private readonly Dictionary<string, NetworkServiceClientChain> _mechanisms;

    /// <summary>Initializes the element.</summary>
    /// <param name="mechanisms">Mechanism type (e.g. <c>KERNEL</c>) → the element (or chain) handling it.</param>
    public MechanismsClient(IReadOnlyDictionary<string, INetworkServiceClient> mechanisms) =>
        _mechanisms = MechanismSelection.Build(mechanisms, static e => new NetworkServiceClientChain(e));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Connection?.Mechanism is { } selected)
        {
            if (!_mechanisms.TryGetValue(selected.Type, out var chain))
            {
                throw MechanismSelection.Unsupported(selected);
            }

            return await RunAsync(chain, request, context, next).ConfigureAwait(false);
        }

        var failures = new List<Exception>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in request.MechanismPreferences.Select(p => p.Type).ToList())
        {
            if (!tried.Add(type) || !_mechanisms.TryGetValue(type, out var chain))
            {
                continue;
            }

            try
            {
                return await RunAsync(chain, request, context, next).ConfigureAwait(false);
            }
            catch (Exception e) when (!MechanismSelection.IsCallerCancellation(e, context))
            {
                failures.Add(e);
            }
        }

        throw MechanismSelection.CannotSupport(failures);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Mechanism is { } m && _mechanisms.TryGetValue(m.Type, out var chain)
            ? chain.CloseAsync(connection, context, next)
            : ValueTask.FromException(MechanismSelection.Unsupported(connection.Mechanism));
    }

    private static async ValueTask<Connection> RunAsync(
        NetworkServiceClientChain chain, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var conn = await chain.RequestAsync(request, context, next).ConfigureAwait(false);
        MechanismSelection.StoreMetric(conn, conn.Mechanism, MechanismSelection.ClientMetricKey);
        return conn;
    }
}
