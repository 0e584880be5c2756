using Nsm.Sdk.Builder;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Tests.Common.Doubles;
using Nsm.Sdk.Tokens;
using Xunit.Abstractions;
using Path = System.IO.Path;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>
/// Connections that last: NSC → nsmgr → forwarder → NSE over real gRPC, every component on one fake clock, driven
/// through simulated days of refreshes.
/// </summary>
public sealed class LongLivedConnectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    // gRPC turns deadlines into real timers: starting an hour ahead keeps every fake deadline in the real future.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
    private readonly CancellationTokenSource _lifetime = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-long-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];
    private TimeSpan _callTimeout = TimeSpan.FromSeconds(15);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Token lifetime, how long to run, the clock step and the call timeout. A hop closes a connection at its caller's
    /// token expiry minus the call timeout, and the caller refreshes at a fifth of the token lifetime: with 20 s tokens
    /// and 15 s calls that leaves 1 s, which real time easily meets but a fake clock moved in steps while gRPC calls are in
    /// flight does not; 5 s calls leave 11 s.
    /// </summary>
    public static TheoryData<string, string, string, string> Runs => new()
    {
        { "00:00:20", "00:05:00", "00:00:00.200", "00:00:05" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    [InlineData("01:00:00", "3.00:00:00", "00:02:00", "00:00:15")]
    public async Task Refreshes_keep_one_connection_with_fresh_tokens_at_every_hop(string tokenLifetime, string duration, string step, string callTimeout)
    {
        _callTimeout = TimeSpan.Parse(callTimeout, CultureInfo.InvariantCulture);
        var lifetime = TimeSpan.Parse(tokenLifetime, CultureInfo.InvariantCulture);
        var runFor = TimeSpan.Parse(duration, CultureInfo.InvariantCulture);
        var clockStep = TimeSpan.Parse(step, CultureInfo.InvariantCulture);
        var nseCount = new CountElement();
        var forwarderCount = new CountElement();
        var stale = new ConcurrentQueue<string>();
        var inFlight = new InFlightElement();
        var nsmgrUrl = Url("nsmgr");
        var forwarderUrl = Url("forwarder");
        var nseUrl = Url("nse");

        var nsmgr = Own(new NsmgrServer(new NsmgrOptions
        {
            Name = "nsmgr",
            Url = nsmgrUrl,
            TokenGenerator = Tokens(lifetime, "nsmgr"),
            DefaultExpiration = lifetime,
            ExcludedPrefixesConfigPath = Path.Combine(_dir, "excluded_prefixes.yaml"),
        }, new NsmBuildContext { TimeProvider = _clock, Lifetime = _lifetime.Token }));
        await ServeAsync(nsmgrUrl, nsmgr.ServerChains);

        var forwarder = Own(new ForwarderServer(new ForwarderOptions
        {
            Name = "forwarder",
            Url = forwarderUrl,
            NsmgrUrl = nsmgrUrl,
            TokenGenerator = Tokens(lifetime, "forwarder"),
            AdditionalServerFunctionality = [forwarderCount],
        }, new NsmBuildContext { TimeProvider = _clock, Lifetime = _lifetime.Token }));
        await ServeAsync(forwarderUrl, forwarder.ServerChains);
        var registration = Own(new EndpointRegistryClient(new RegistryClientOptions
        {
            RegistryUrl = nsmgrUrl,
            Retry = new Nsm.Sdk.Common.Retry.RetryOptions { TryTimeout = _callTimeout },
        }));
        var forwarderRecord = new NetworkServiceEndpoint
        {
            Name = "forwarder",
            Url = forwarderUrl.ToString(),
            NetworkServiceNames = { "forwarder" },
            NetworkServiceLabels = { ["forwarder"] = new NetworkServiceLabels { Labels = { ["p2p"] = "true" } } },
        };
        await registration.RegisterAsync(forwarderRecord, new NsmContext(_clock)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var nse = new NsmEndpoint(new EndpointOptions
        {
            Name = "nse",
            TokenGenerator = Tokens(lifetime, "nse"),
            AdditionalFunctionality = [nseCount, new FreshTokenCheck(_clock, lifetime, clockStep, stale)],
        }, new NsmBuildContext { TimeProvider = _clock, Lifetime = _lifetime.Token });
        await ServeAsync(nseUrl, nse.ServerChains);
        var services = Own(new ServiceRegistryClient(new RegistryClientOptions { RegistryUrl = nsmgrUrl }));
        await services.RegisterAsync(new Nsm.Api.Registry.NetworkService { Name = "svc" }, new NsmContext(_clock)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var record = new NetworkServiceEndpoint { Name = "nse", Url = nseUrl.ToString(), NetworkServiceNames = { "svc" } };
        await registration.RegisterAsync(record, new NsmContext(_clock)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var heal = new HealClient(new HealOptions(), new NsmBuildContext { Lifetime = _lifetime.Token, TimeProvider = _clock });
        var nsc = new NsmClient(new ClientOptions
        {
            Name = "nsc",
            ClientUrl = nsmgrUrl,
            TokenGenerator = Tokens(lifetime, "nsc"),
            // Counted from just before heal: from the refresh timer up to there every step runs synchronously, so the
            // test never moves the clock between a timer firing and the call being counted.
            Heal = new NetworkServiceClientChain(inFlight, heal),
        }, new NsmBuildContext { TimeProvider = _clock, Lifetime = _lifetime.Token });
        var request = SandboxClient.DefaultRequest("svc", "long-lived");
        var first = await nsc.RequestAsync(request, NewCallContext(), NetworkServiceHandler.Tail).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, first.Path.PathSegments.Count);
        var ids = first.Path.PathSegments.Select(s => s.Id).ToArray();

        var start = _clock.GetUtcNow();
        var end = start + runFor;
        var closes = 0;
        while (_clock.GetUtcNow() < end)
        {
            _clock.Advance(clockStep);
            await inFlight.WhenIdleAsync();
            if (nseCount.Closes != closes)
            {
                closes = nseCount.Closes;
                output.WriteLine($"{_clock.GetUtcNow() - start}: NSE Close #{closes}, Requests {nseCount.Requests}");
            }
        }

        // The caller's own refresh at the end lands on the same path, with fresh tokens.
        var last = await nsc.RequestAsync(request, NewCallContext(), NetworkServiceHandler.Tail).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"NSE Requests {nseCount.Requests}, Closes {nseCount.Closes}; forwarder Requests {forwarderCount.Requests}, Closes {forwarderCount.Closes}");

        var expectedRefreshes = (int)(runFor / (lifetime / 5) * 0.9);
        Assert.True(nseCount.Requests >= expectedRefreshes, $"only {nseCount.Requests} Requests reached the NSE in {runFor} (expected ≥ {expectedRefreshes})");
        Assert.Equal(0, nseCount.Closes);
        Assert.Equal(0, forwarderCount.Closes);
        Assert.Equal(1, nseCount.UniqueRequests);
        Assert.Equal(ids, last.Path.PathSegments.Select(s => s.Id).ToArray());
        Assert.True(stale.IsEmpty, "stale tokens reached the NSE: " + string.Join("; ", stale.Take(5)));

        await nsc.CloseAsync(last, NewCallContext(), NetworkServiceHandler.Tail).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, nseCount.Closes);
    }

    public async Task DisposeAsync()
    {
        await _lifetime.CancelAsync();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _lifetime.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private NsmContext NewCallContext() => new(_clock, deadline: _clock.GetUtcNow() + _callTimeout);

    private ITokenGenerator Tokens(TimeSpan lifetime, string name) => SelfSignedTokenGenerator.Create(name, _clock, lifetime);

    private Uri Url(string name) => new("unix://" + Path.Combine(_dir, name + ".sock"));

    private T Own<T>(T owned)
        where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private async Task ServeAsync(Uri url, NsmServerChains chains) =>
        Own(await NsmGrpcServer.StartAsync([url], chains, clock: _clock));

    /// <summary>Records every path segment whose token is not fresh (signed more than a few steps ago).</summary>
    private sealed class FreshTokenCheck(TimeProvider clock, TimeSpan lifetime, TimeSpan step, ConcurrentQueue<string> stale) : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var now = clock.GetUtcNow();
            foreach (var segment in request.Connection.Path.PathSegments)
            {
                var expires = segment.Expires?.ToDateTimeOffset();
                if (expires is null || expires < now + lifetime - (5 * step))
                {
                    stale.Enqueue($"{segment.Name} expires {expires:O} at {now:O}");
                }
            }

            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    /// <summary>
    /// Counts the NSC's calls in progress, including heal's reopening of its monitor stream (which waits for the first
    /// event with the call's timeout on the fake clock), so that the test moves the clock on only once they are done.
    /// </summary>
    private sealed class InFlightElement : INetworkServiceClient
    {
        private int _count;

        public async Task WhenIdleAsync()
        {
            // A timer callback hands its work to other threads (the connection's executor, a registration refresh):
            // give it the chance to start. Nothing is asserted on this wait; each refresh has about 20 steps of slack.
            await Task.Delay(1);
            await TestExtensions.Eventually(
                () => Volatile.Read(ref _count) == 0,
                "the NSC's calls (with heal reopening its monitor stream after each refresh) to finish");
        }

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            Interlocked.Increment(ref _count);
            try
            {
                return await next.RequestAsync(request, context).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _count);
            }
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
