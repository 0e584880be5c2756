using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Begin;

/// <summary>
/// Starts the client chain's per-connection life cycle: serializes every Request, Close and event of one
/// connection id in arrival order and gives later elements (refresh, heal) an <see cref="IConnectionEventFactory"/>
/// under <see cref="EventFactoryKeys.Begin"/>.
/// </summary>
/// <remarks>
/// <para>Inside a server chain (the client half of an nsmgr or forwarder) the server's begin already owns the
/// connection and this element only continues the chain: a refresh from the caller then travels downstream as the
/// caller sent it, with fresh tokens and expiries.</para>
/// <para>Besides the guarantees of <see cref="BeginServer"/>, a re-request by the caller is merged with what the
/// chain holds now (refresh and heal may have changed it): only the caller's intentional changes of the endpoint
/// name and of the connection context are applied; labels and mechanism come from the chain.</para>
/// <para>A reselect event (<see cref="EventRequestOptions.Reselect"/>) closes the old connection, applies
/// <see cref="BeginClientOptions.ReselectFunc"/> to the stored request and requests again.</para>
/// </remarks>
public sealed class BeginClient : INetworkServiceClient
{
    private readonly BeginCore _core;

    /// <summary>Initializes a new instance with default options.</summary>
    public BeginClient()
        : this(new BeginClientOptions())
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options.</param>
    public BeginClient(BeginClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.ReselectFunc);
        _core = new BeginCore(isClient: true, options.ReselectFunc);
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="configure">Changes the default options.</param>
    public BeginClient(Action<BeginClientOptions> configure)
        : this(Configure(configure))
    {
    }

    /// <summary>Gets the number of connections with state (for leak checks).</summary>
    public int Count => _core.Count;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);

    private static BeginClientOptions Configure(Action<BeginClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BeginClientOptions();
        configure(options);
        return options;
    }
}
