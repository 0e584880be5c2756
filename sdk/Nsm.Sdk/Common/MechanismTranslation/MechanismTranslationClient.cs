using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.MechanismTranslation;

/// <summary>
/// Separates the two mechanisms of a hop that terminates one and starts another (forwarders, passthrough NSEs):
/// downstream sees its own mechanism, upstream gets its own back.
/// </summary>
/// <remarks>
/// <para>
/// Request: sends downstream a clone of the request with <b>no preferences</b> (later client elements add their
/// own) and with <c>mechanism</c> = the downstream mechanism remembered from the last response (none the first
/// time); stores the mechanism of the response and returns the response with the <b>upstream</b> mechanism.
/// Close: sends downstream a clone carrying the remembered downstream mechanism, and forgets it.
/// </para>
/// <para>Placement: in the client chain, after a metadata element (throws InvalidOperationException without one).</para>
/// </remarks>
public sealed class MechanismTranslationClient : INetworkServiceClient
{
    private static readonly NsmContextKey<Mechanism> DownstreamMechanism = new("mechanismtranslation.downstream");

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var metadata = context.MetadataMap(isClient: true);
        var downstream = request.Clone();
        downstream.MechanismPreferences.Clear();
        downstream.Connection ??= new Connection();
        downstream.Connection.Mechanism = metadata.TryLoad(DownstreamMechanism, out var remembered) ? remembered.Clone() : null;

        var conn = await next.RequestAsync(downstream, context).ConfigureAwait(false);
        if (conn.Mechanism is { } selected)
        {
            metadata.Store(DownstreamMechanism, selected.Clone());
        }

        var response = conn.Clone();
        response.Mechanism = request.Connection?.Mechanism;
        return response;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var downstream = connection.Clone();
        downstream.Mechanism = context.MetadataMap(isClient: true).TryLoadAndDelete(DownstreamMechanism, out var m) ? m : null;
        return next.CloseAsync(downstream, context);
    }
}
