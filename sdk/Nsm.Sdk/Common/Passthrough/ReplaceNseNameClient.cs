using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Passthrough;

/// <summary>
/// Keeps the caller's NSE name (which names this passthrough hop) away from the downstream selection: downstream
/// gets the NSE name chosen by the previous downstream Request (empty the first time), the chosen name is
/// remembered and the response carries the caller's name again. Close carries the remembered name and forgets it.
/// </summary>
/// <remarks>Placement: in the client chain after a metadata element (throws InvalidOperationException without one).</remarks>
public sealed class ReplaceNseNameClient : INetworkServiceClient
{
    private static readonly NsmContextKey<string> DownstreamNse = new("passthrough.downstream-nse-name");

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var metadata = context.MetadataMap(isClient: true);
        request.Connection ??= new Connection();
        var original = request.Connection.NetworkServiceEndpointName;
        request.Connection.NetworkServiceEndpointName = metadata.TryLoad(DownstreamNse, out var stored) ? stored : string.Empty;
        try
        {
            var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
            metadata.Store(DownstreamNse, conn.NetworkServiceEndpointName);
            conn.NetworkServiceEndpointName = original;
            return conn;
        }
        finally
        {
            request.Connection.NetworkServiceEndpointName = original;
        }
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var downstream = connection.Clone();
        if (context.MetadataMap(isClient: true).TryLoadAndDelete(DownstreamNse, out var stored))
        {
            downstream.NetworkServiceEndpointName = stored;
        }

        return next.CloseAsync(downstream, context);
    }
}
