using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SetExtraContext;

/// <summary>
/// Upstream <c>setextracontext</c>: writes the configured key/value pairs into the connection's
/// <c>context.extra_context</c> (overwriting keys that exist) before calling next.
/// </summary>
public sealed class SetExtraContextServer : INetworkServiceServer
{
    private readonly KeyValuePair<string, string>[] _values;

    /// <summary>Creates the element.</summary>
    /// <param name="values">The pairs to write.</param>
    public SetExtraContextServer(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        foreach (var kv in _values)
        {
            ArgumentNullException.ThrowIfNull(kv.Key, nameof(values));
            ArgumentNullException.ThrowIfNull(kv.Value, nameof(values));
        }
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var ctx = (request.Connection ??= new Connection()).Context ??= new ConnectionContext();
        foreach (var (key, value) in _values)
        {
            ctx.ExtraContext[key] = value;
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
