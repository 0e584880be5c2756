using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Testing;

/// <summary>How a sandbox NSC is made.</summary>
public sealed record SandboxClientOptions
{
    /// <summary>Gets the NSC's name (its path segment and token subject).</summary>
    /// <value>The default is <c>nsc</c>.</value>
    public string Name { get; init; } = "nsc";

    /// <summary>Gets the client elements added to the chain after dial, before authorize, the token and the gRPC call (e.g. a mechanism, a counter).</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<INetworkServiceClient> Additional { get; init; } = [];

    /// <summary>Gets a value indicating whether the chain heals (monitors the nsmgr and re-requests).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Heal { get; init; } = true;

    /// <summary>Changes the heal options (liveness check, intervals).</summary>
    public Func<HealOptions, HealOptions>? ConfigureHeal { get; init; }

    /// <summary>Wraps the chain in retry (as the NSC program does).</summary>
    public bool Retry { get; init; } = true;

    /// <summary>Gets a value indicating whether the chain refreshes its connections before their tokens expire.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Refresh { get; init; } = true;

    /// <summary>Gets the lifetime of the NSC's tokens (the default generator's when <see langword="null"/>).</summary>
    public TimeSpan? TokenLifetime { get; init; }

    /// <summary>
    /// Gets the NSC's token generator; <see langword="null"/> for its own identity's (<see cref="SandboxDomain.TokensOf"/>
    /// with <see cref="TokenLifetime"/>). Set it to test what the policies say about foreign or expired tokens.
    /// </summary>
    public ITokenGenerator? TokenGenerator { get; init; }

    /// <summary>Gets how begin changes a Request it re-sends to reselect (heal); <see cref="BeginReselect.Default"/> when <see langword="null"/>.</summary>
    public Action<NetworkServiceRequest>? ReselectFunc { get; init; }
}

/// <summary>An NSC: retry around a client chain with heal, pointed at the node's nsmgr.</summary>
public sealed class SandboxClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TimeProvider _clock;

    /// <summary>Builds the NSC; <see cref="SandboxNode.NewClient(SandboxClientOptions)"/> builds one for a node.</summary>
    /// <param name="options">How the NSC is made.</param>
    /// <param name="nsmgrUrl">The nsmgr it connects to.</param>
    /// <param name="domain">The domain: the clock of its chain (refresh, heal, tokens) and its identity (named <see cref="SandboxClientOptions.Name"/>).</param>
    public SandboxClient(SandboxClientOptions options, Uri nsmgrUrl, SandboxDomain domain)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(domain);
        _clock = domain.Clock;
        var context = domain.ContextOf(options.Name, _lifetime.Token);
        var heal = new HealOptions();
        Chain = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            ClientUrl = nsmgrUrl,
            Heal = options.Heal ? new HealClient(options.ConfigureHeal?.Invoke(heal) ?? heal, context) : null,
            DialTimeout = TimeSpan.FromSeconds(2),
            AdditionalFunctionality = options.Additional,
            Refresh = options.Refresh,
            ReselectFunc = options.ReselectFunc ?? BeginReselect.Default,
            TokenGenerator = options.TokenGenerator ?? domain.TokensOf(options.Name, options.TokenLifetime),
            Authorize = context.EnforcesPolicies ? new AuthorizeClient(AuthorizeClientOptions.ForContext(context)) : null,
        }, context);
        Client = options.Retry
            ? new RetryClient(Chain, new RetryOptions { Interval = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(2) })
            : Chain;
    }

    /// <summary>Gets the NSC's client chain.</summary>
    public NsmClient Chain { get; }

    /// <summary>Gets what the NSC calls: retry around <see cref="Chain"/>, or the chain itself without retry.</summary>
    public INetworkServiceClient Client { get; }

    /// <summary>A new Request for <paramref name="service"/> with the kernel mechanism.</summary>
    /// <param name="service">The network service.</param>
    /// <param name="id">The connection id; a new GUID when <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static NetworkServiceRequest DefaultRequest(string service, string? id = null) => new()
    {
        Connection = new Connection { Id = id ?? Guid.NewGuid().ToString(), NetworkService = service },
        MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
    };

    /// <summary>A refresh: the connection as returned, with the default mechanism preferences.</summary>
    /// <param name="conn">The connection a Request returned.</param>
    /// <returns>The request.</returns>
    public static NetworkServiceRequest Refresh(Connection conn) => new()
    {
        Connection = conn.Clone(),
        MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
    };

    /// <summary>Sends a Request through <see cref="Client"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="timeout">How long to wait (real time) before failing the test; 10 s when <see langword="null"/>.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public Task<Connection> RequestAsync(NetworkServiceRequest request, TimeSpan? timeout = null) =>
        Client.RequestAsync(request, new NsmContext(_clock), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>A Request whose context carries a deadline of <paramref name="deadline"/> (on the domain clock).</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">How far from now the deadline is.</param>
    /// <param name="cancellationToken">Cancels the Request.</param>
    /// <returns>The connection.</returns>
    public Task<Connection> RequestWithDeadlineAsync(NetworkServiceRequest request, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(request, new NsmContext(_clock, null, _clock.GetUtcNow() + deadline, cancellationToken), NetworkServiceHandler.Tail).AsTask();

    /// <summary>Sends a Close through <see cref="Client"/>.</summary>
    /// <param name="connection">The connection a Request returned.</param>
    /// <param name="timeout">How long to wait (real time) before failing the test; 10 s when <see langword="null"/>.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public Task CloseAsync(Connection connection, TimeSpan? timeout = null) =>
        Client.CloseAsync(connection, new NsmContext(_clock), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>Ends the chain's lifetime: refresh, heal and dialed channels stop (connections are not closed).</summary>
    /// <returns>A task that completes when the lifetime has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_lifetime.IsCancellationRequested)
        {
            await _lifetime.CancelAsync();
        }

        _lifetime.Dispose();
    }
}
