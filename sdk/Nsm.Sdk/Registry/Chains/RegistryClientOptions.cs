using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>Settings of the registry client chains (<see cref="EndpointRegistryClient"/>, <see cref="ServiceRegistryClient"/>).</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Gets the registry (or nsmgr) to talk to; without one, <c>dial</c> does nothing and the terminal needs a connection in the context.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Gets how long a dial may wait for the connection.</summary>
    /// <value>The default is 300 ms, as upstream's registry clients.</value>
    public TimeSpan DialTimeout { get; init; } = DialOptions.DefaultRegistryDialTimeout;

    /// <summary>Gets a value indicating whether NSE registrations are refreshed at 2/3 of their expiration.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RefreshEnabled { get; init; } = true;

    /// <summary>Gets a value indicating whether registrations are healed after a registry restart (heal element).</summary>
    /// <value>The default is <see langword="true"/>; the forwarder's discover clients turn it off.</value>
    public bool HealEnabled { get; init; } = true;

    /// <summary>Gets a value indicating whether calls are retried (retry element).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RetryEnabled { get; init; } = true;

    /// <summary>Gets the retry settings.</summary>
    /// <value>The default is 15 s per try, 200 ms between tries.</value>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>
    /// Gets the generator of this component's <c>nsm-client-token</c>, sent with every Register, Find and Unregister
    /// (upstream's per-RPC credentials; wire spec §4.1). The registry path (<c>path</c>) is sent in any case.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no token metadata is sent.</value>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets who the server is for the <c>aud</c> of the client tokens (<see cref="ClientTokenOptions.ForSecurity"/> with mTLS).</summary>
    /// <value>The default is <see langword="null"/>: tokens name no audience.</value>
    public ClientTokenOptions? TokenOptions { get; init; }

    /// <summary>Gets how a URL becomes a channel; <see langword="null"/> for plain HTTP/2 (<see cref="Core.NsmGrpcChannels"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<Uri, Grpc.Net.Client.GrpcChannel>? ChannelFactory { get; init; }

    /// <summary>Gets the NSE elements placed after refresh and before clienturl: the slot for authorize (client).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceEndpointRegistryClient> EndpointPolicy { get; init; } = [];

    /// <summary>Gets the NS elements placed after retry, before heal: the slot for authorize (client).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceRegistryClient> ServicePolicy { get; init; } = [];

    /// <summary>Gets extra NSE elements placed after dial, before connect (e.g. clientinfo, sendfd).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceEndpointRegistryClient> EndpointAdditionalFunctionality { get; init; } = [];

    /// <summary>Gets extra NS elements placed after dial, before connect.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceRegistryClient> ServiceAdditionalFunctionality { get; init; } = [];

    /// <summary>Gets the terminal NSE element; <see langword="null"/> for the gRPC client (<see cref="GrpcNetworkServiceEndpointRegistryClient"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public INetworkServiceEndpointRegistryClient? EndpointTerminal { get; init; }

    /// <summary>Gets the terminal NS element; <see langword="null"/> for the gRPC client (<see cref="GrpcNetworkServiceRegistryClient"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public INetworkServiceRegistryClient? ServiceTerminal { get; init; }

    /// <summary>
    /// Creates the options of a component's registry client: its token generator, and from the build context its
    /// channels and, with mTLS, the server identity its tokens name.
    /// </summary>
    /// <param name="context">The build context.</param>
    /// <param name="tokens">The token generator, or <see langword="null"/> to send no token.</param>
    /// <returns>The options; set the rest with <c>with</c>.</returns>
    public static RegistryClientOptions For(NsmBuildContext context, ITokenGenerator? tokens)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new()
        {
            TokenGenerator = tokens,
            TokenOptions = ClientTokenOptions.ForSecurity(context.Security),
            ChannelFactory = context.CreateChannel,
        };
    }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        Retry.Validate();
    }

    internal DialOptions ToDialOptions()
    {
        return new DialOptions { DialTimeout = DialTimeout, ChannelFactory = ChannelFactory };
    }
}
