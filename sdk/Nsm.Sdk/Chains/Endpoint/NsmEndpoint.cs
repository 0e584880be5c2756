using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Common.Timeout;
using Nsm.Sdk.Common.TrimPath;
using Nsm.Sdk.Common.UpdatePath;
using Nsm.Sdk.Common.UpdateToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Chains.Endpoint;

/// <summary>
/// The endpoint chain: the standard elements every NSE (and nsmgr, forwarder) starts with, followed by the
/// additional functionality, plus the MonitorConnection server that reports its connections.
/// </summary>
/// <remarks>
/// Order and why:
/// <list type="number">
/// <item>updatepath: this hop's segment and connection id, which everything after keys state by;</item>
/// <item>begin: serializes each connection's events and lets refresh, expiry and heal re-enter from here;</item>
/// <item>metrics: Requests, Closes, their results and durations, and the connections held (after begin, so expiry Closes count);</item>
/// <item>updatetoken: the caller's token into its segment, a fresh token into ours;</item>
/// <item>authorize: checks the path (allow-all unless configured);</item>
/// <item>metadata: per-connection state for everything after;</item>
/// <item>timeout: closes a connection whose caller stops refreshing;</item>
/// <item>monitor: publishes UPDATE / DELETE events to MonitorConnection subscribers;</item>
/// <item>trimpath: a final endpoint returns the path up to itself;</item>
/// <item>the additional functionality.</item>
/// </list>
/// </remarks>
public sealed class NsmEndpoint : INetworkServiceServer
{
    private readonly NetworkServiceServerChain _chain;

    /// <summary>Initializes the endpoint chain.</summary>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context: when its lifetime ends, every background task (expiry, monitor loops and streams) stops.</param>
    public NsmEndpoint(EndpointOptions options, NsmBuildContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        context ??= NsmBuildContext.Default;
        Options = options;
        var generator = TokenGenerator = options.TokenGenerator ?? context.CreateTokenGenerator(options.Name, options.MaxTokenLifetime);
        Monitor = new ConnectionMonitor(context: context);
        _chain = new NetworkServiceServerChain(
            [
                new UpdatePathServer(options.Name),
                new BeginServer(),
                new Common.Metrics.MetricsServer(),
                new UpdateTokenServer(generator),
                options.Authorize ?? new AuthorizeServer(new AuthorizeServerOptions { Policies = context.Policies(DefaultAuthorizationPolicies.NetworkServiceServer) }),
                new MetadataServer(),
                new TimeoutServer(context),
                new MonitorServer(Monitor),
                new TrimPathServer(),
                .. options.AdditionalFunctionality,
            ]);
        MonitorConnectionServer = new MonitorConnectionServerChain(
            options.AuthorizeMonitor ?? new AuthorizeMonitorServer(),
            new MonitorConnectionServer(Monitor));
    }

    /// <summary>Gets the options the endpoint was built with.</summary>
    public EndpointOptions Options { get; }

    /// <summary>Gets the generator of the endpoint's tokens (also what its registry client should sign with).</summary>
    public ITokenGenerator TokenGenerator { get; }

    /// <summary>Gets the endpoint name.</summary>
    public string Name => Options.Name;

    /// <summary>Gets the hub of connection events (for elements that publish their own, and for tests).</summary>
    public ConnectionMonitor Monitor { get; }

    /// <summary>Gets the MonitorConnection server chain.</summary>
    public IMonitorConnectionServer MonitorConnectionServer { get; }

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains ServerChains => new() { NetworkService = this, MonitorConnection = MonitorConnectionServer };

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _chain.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _chain.CloseAsync(connection, context, next);
}
