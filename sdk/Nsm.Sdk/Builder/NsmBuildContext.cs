using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Builder;

/// <summary>
/// What every element and chain gets at build time from whoever composes it (the host, a test, a benchmark), as a
/// Polly strategy gets its builder context: the lifetime of the component, the clock and the logger factory. Element
/// options describe behaviour only; they carry none of these.
/// </summary>
/// <remarks>
/// In a host built with <c>services.AddNsm()</c>, <see cref="Lifetime"/> ends once the host is stopping and the
/// program's own clean-up (closing connections, unregistering) is done; <see cref="TimeProvider"/> and
/// <see cref="LoggerFactory"/> are the host's.
/// </remarks>
public sealed record NsmBuildContext
{
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private readonly ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;

    /// <summary>Gets a context with no lifetime, the system clock and no logging.</summary>
    public static NsmBuildContext Default { get; } = new();

    /// <summary>Gets the component's lifetime: when it is cancelled, background work (timers, watches, loops) stops and dialed channels close.</summary>
    /// <value>The default is <see cref="CancellationToken.None"/>.</value>
    public CancellationToken Lifetime { get; init; }

    /// <summary>Gets the clock of timers and loops.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets the factory of the loggers of background work (work a call's context does not carry).</summary>
    /// <value>The default is <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory
    {
        get => _loggerFactory;
        init => _loggerFactory = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets the client half of the transport credentials: applied to every channel the chains dial (plain HTTP/2 when
    /// <see langword="null"/>). Hosts set it from their transport credentials; programs never do.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Action<GrpcChannelOptions>? ConfigureChannel { get; init; }

    /// <summary>
    /// Gets the component's SPIFFE identity when its transport is mTLS: tokens are signed with it and the chains
    /// enforce upstream's default policies (see <see cref="NsmSecurity"/>). Hosts set it from their transport
    /// credentials.
    /// </summary>
    /// <value>The default is <see langword="null"/>: self-signed tokens and no policy checks (plaintext).</value>
    public NsmSecurity? Security { get; init; }

    /// <summary>Gets a value indicating whether the chains enforce upstream's default policies (<see cref="NsmSecurity.EnforcePolicies"/>).</summary>
    public bool EnforcesPolicies => Security is { EnforcePolicies: true };

    /// <summary>
    /// Creates the token generator of a component that names none: ES256 tokens from <see cref="Security"/>'s identity,
    /// else a self-signed identity named <paramref name="name"/>.
    /// </summary>
    /// <param name="name">The component name (the self-signed identity's path).</param>
    /// <param name="maxTokenLifetime">The maximum token lifetime.</param>
    /// <returns>The generator.</returns>
    public ITokenGenerator CreateTokenGenerator(string name, TimeSpan maxTokenLifetime) =>
        Security is { } security
            ? new SpiffeJwtTokenGenerator(security.Identity, TimeProvider, maxTokenLifetime)
            : SelfSignedTokenGenerator.Create(name, TimeProvider, maxTokenLifetime);

    /// <summary>Chooses a policy set: <paramref name="defaults"/> when <see cref="EnforcesPolicies"/>, else no checks.</summary>
    /// <typeparam name="TInput">The policy input.</typeparam>
    /// <param name="defaults">Builds upstream's default set for this place (e.g. <c>DefaultAuthorizationPolicies.NetworkServiceServer</c>).</param>
    /// <returns>The policies.</returns>
    public AuthorizationPolicySet<TInput> Policies<TInput>(Func<TimeProvider, AuthorizationPolicySet<TInput>> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return EnforcesPolicies ? defaults(TimeProvider) : AuthorizationPolicySet.Any<TInput>();
    }

    /// <summary>Creates a logger.</summary>
    /// <param name="categoryName">The category.</param>
    /// <returns>The logger.</returns>
    public ILogger CreateLogger(string categoryName) => LoggerFactory.CreateLogger(categoryName);

    /// <summary>Creates a channel to <paramref name="url"/> with <see cref="ConfigureChannel"/>.</summary>
    /// <param name="url">Where to dial.</param>
    /// <returns>The channel.</returns>
    public GrpcChannel CreateChannel(Uri url) => Core.NsmGrpcChannels.Create(url, ConfigureChannel);
}
