using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.ClientConn;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Mechanisms.FdPassing;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Null;
using Nsm.Sdk.Common.Refresh;
using Nsm.Sdk.Common.TrimPath;
using Nsm.Sdk.Common.UpdatePath;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Client;

/// <summary>
/// The client chain: what an NSC (and the client half of nsmgr and forwarders) uses to request connections from the
/// next hop and keep them alive.
/// </summary>
/// <remarks>
/// Order: updatepath, begin, metrics, metadata, refresh, clienturl, clientconn, heal, dial, the additional functionality,
/// authorize, trimpath, the token headers and the gRPC call. Refresh and heal sit after begin because they re-enter
/// the chain through begin's event factory; dial comes after heal so that a heal re-dials.
/// </remarks>
public sealed class NsmClient : INetworkServiceClient
{
    private readonly NetworkServiceClientChain _chain;
    private readonly TimeProvider _clock;

    /// <summary>Initializes the client chain.</summary>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context: when its lifetime ends, refresh stops and dialed channels close.</param>
    public NsmClient(ClientOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        context ??= NsmBuildContext.Default;
        Options = options;
        _clock = context.TimeProvider;
        var generator = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);
        _chain = new NetworkServiceClientChain(
            [
                new UpdatePathClient(options.Name),
                new BeginClient(new BeginClientOptions { ReselectFunc = options.ReselectFunc }),
                new Common.Metrics.MetricsClient(),
                new MetadataClient(),
                options.Refresh ? new RefreshClient(new RefreshOptions(), context) : NullClient.Instance,
                new ClientUrlClient(options.ClientUrl),
                new ClientConnClient(options.ClientConnection),
                options.Heal ?? NullClient.Instance,
                new DialClient(new DialOptions { DialTimeout = options.DialTimeout }, context),
                .. options.AdditionalFunctionality,
                options.Authorize ?? NullClient.Instance,
                new SendFdClient(),
                new TrimPathClient(),
                new ClientTokenClient(generator, ClientTokenOptions.ForSecurity(context.Security)),
                new GrpcNetworkServiceClient(),
            ]);
    }

    /// <summary>Gets the options the client was built with.</summary>
    public ClientOptions Options { get; }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _chain.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _chain.CloseAsync(connection, context, next);

    /// <summary>Requests a connection (the chain ends in the gRPC call).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The connection.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request) => RequestAsync(request, CancellationToken.None);

    /// <summary>Requests a connection (the chain ends in the gRPC call).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The connection.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, CancellationToken cancellationToken) =>
        _chain.RequestAsync(request, new NsmContext(_clock, cancellationToken: cancellationToken));

    /// <summary>Closes a connection.</summary>
    /// <param name="connection">The connection returned by <see cref="RequestAsync(NetworkServiceRequest, CancellationToken)"/>.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public ValueTask CloseAsync(Connection connection) => CloseAsync(connection, CancellationToken.None);

    /// <summary>Closes a connection.</summary>
    /// <param name="connection">The connection returned by <see cref="RequestAsync(NetworkServiceRequest, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public ValueTask CloseAsync(Connection connection, CancellationToken cancellationToken) =>
        _chain.CloseAsync(connection, new NsmContext(_clock, cancellationToken: cancellationToken));
}
