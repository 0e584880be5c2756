using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Testing;

/// <summary>How a sandbox NSC is made.</summary>
public sealed record SandboxClientOptions
{
    public string Name { get; init; } = "nsc";

    public IReadOnlyList<INetworkServiceClient> Additional { get; init; } = [];

    public bool Heal { get; init; } = true;

    /// <summary>Changes the heal options (liveness check, intervals).</summary>
    public Func<HealOptions, HealOptions>? ConfigureHeal { get; init; }

    /// <summary>Wraps the chain in retry (as the NSC program does).</summary>
    public bool Retry { get; init; } = true;

    public bool Refresh { get; init; } = true;

    public TimeSpan? TokenLifetime { get; init; }

    public Action<NetworkServiceRequest>? ReselectFunc { get; init; }
}

/// <summary>An NSC: retry around a client chain with heal, pointed at the node's nsmgr.</summary>
public sealed class SandboxClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TimeProvider _clock;

    public SandboxClient(SandboxClientOptions options, Uri nsmgrUrl, TimeProvider clock)
    {
        _clock = clock;
        var heal = new HealOptions();
        Chain = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            ClientUrl = nsmgrUrl,
            Heal = options.Heal ? new HealClient(options.ConfigureHeal?.Invoke(heal) ?? heal, new NsmBuildContext { Lifetime = _lifetime.Token, TimeProvider = clock }) : null,
            DialTimeout = TimeSpan.FromSeconds(2),
            AdditionalFunctionality = options.Additional,
            Refresh = options.Refresh,
            ReselectFunc = options.ReselectFunc ?? BeginReselect.Default,
            TokenGenerator = SelfSignedTokenGenerator.Create(options.Name, clock, options.TokenLifetime),
        }, new NsmBuildContext { Lifetime = _lifetime.Token, TimeProvider = clock });
        Client = options.Retry
            ? new RetryClient(Chain, new RetryOptions { Interval = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(2) })
            : Chain;
    }

    public NsmClient Chain { get; }

    public INetworkServiceClient Client { get; }

    public static NetworkServiceRequest DefaultRequest(string service, string? id = null) => new()
    {
        Connection = new Connection { Id = id ?? Guid.NewGuid().ToString(), NetworkService = service },
        MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
    };

    /// <summary>A refresh: the connection as returned, with the default mechanism preferences.</summary>
    public static NetworkServiceRequest Refresh(Connection conn) => new()
    {
        Connection = conn.Clone(),
        MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
    };

    public Task<Connection> RequestAsync(NetworkServiceRequest request, TimeSpan? timeout = null) =>
        Client.RequestAsync(request, new NsmContext(_clock), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>A Request whose context carries a deadline of <paramref name="deadline"/> (on the domain clock).</summary>
    public Task<Connection> RequestWithDeadlineAsync(NetworkServiceRequest request, TimeSpan deadline, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(request, new NsmContext(_clock, null, _clock.GetUtcNow() + deadline, cancellationToken), NetworkServiceHandler.Tail).AsTask();

    public Task CloseAsync(Connection connection, TimeSpan? timeout = null) =>
        Client.CloseAsync(connection, new NsmContext(_clock), NetworkServiceHandler.Tail).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        if (!_lifetime.IsCancellationRequested)
        {
            await _lifetime.CancelAsync();
        }

        _lifetime.Dispose();
    }
}
