using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms;

/// <summary>
/// Selects the mechanism of a connection and runs the sub-chain registered for its type. The sub-chain continues
/// into the rest of the outer chain; this element itself never calls next.
/// </summary>
/// <remarks>
/// <para>
/// Request with <c>connection.mechanism</c> set: dispatch to its type, or fail with InvalidArgument
/// "unsupported mechanism type X". Without a mechanism: for each preference of a registered type, in order, a clone
/// of the request with <c>mechanism</c> = that preference runs through the sub-chain and the whole rest of the chain;
/// the first success wins. If all fail, the error is "cannot support any of the requested mechanism: ..." with
/// the failures' common status (Unknown when they differ; InvalidArgument when no preference had a registered type).
/// The caller's cancellation stops the search at once.
/// </para>
/// <para>
/// Sets the current path segment metric <c>server_interface</c> = <c>&lt;TYPE&gt;/&lt;name or unknown&gt;</c>.
/// Close dispatches by the connection's mechanism type (unknown type: InvalidArgument).
/// </para>
/// </remarks>
public sealed class MechanismsServer : INetworkServiceServer
{
    private readonly Dictionary<string, NetworkServiceServerChain> _mechanisms;

    /// <summary>Initializes the element.</summary>
    /// <param name="mechanisms">Mechanism type (e.g. <c>KERNEL</c>) → the element (or chain) handling it.</param>
    public MechanismsServer(IReadOnlyDictionary<string, INetworkServiceServer> mechanisms) =>
        _mechanisms = MechanismSelection.Build(mechanisms, static e => new NetworkServiceServerChain(e));

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
        foreach (var preference in request.MechanismPreferences)
        {
            if (!_mechanisms.TryGetValue(preference.Type, out var chain))
            {
                continue;
            }

            var attempt = request.Clone();
            attempt.Connection ??= new Connection();
            attempt.Connection.Mechanism = preference.Clone();
            try
            {
                return await RunAsync(chain, attempt, context, next).ConfigureAwait(false);
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
        NetworkServiceServerChain chain, NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        MechanismSelection.StoreMetric(request.Connection, request.Connection.Mechanism, MechanismSelection.ServerMetricKey);
        var conn = await chain.RequestAsync(request, context, next).ConfigureAwait(false);
        MechanismSelection.StoreMetric(conn, conn.Mechanism, MechanismSelection.ServerMetricKey);
        return conn;
    }
}
