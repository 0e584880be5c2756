using Nsm.Sdk.Builder;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Dial;
using Nsm.Sdk.Tests.Common.Doubles;
using Nsm.Sdk.Tests.Common.Monitor;
using static Nsm.Sdk.Tests.Common.Heal.HealTestKit;
using static Nsm.Sdk.Tests.Common.Monitor.MonitorTestKit;

namespace Nsm.Sdk.Tests.Common.Heal;

/// <summary>Heal says "re-established" only when the chain re-established the connection.</summary>
public sealed class HealLoggingTests : IDisposable
{
    private readonly CancellationTokenSource _chain = new();
    private readonly ConnectionMonitor _hub = new();

    public void Dispose()
    {
        _chain.Cancel();
        _chain.Dispose();
    }

    [Fact]
    public async Task A_heal_event_that_re_requests_nothing_is_not_called_a_heal()
    {
        var factory = new ClosedConnectionFactory();
        var heal = new HealClient(new HealOptions
        {
            NextHopMonitor = (_, _) => new MonitorServerToClient(new MonitorConnectionServer(_hub)),
        }, new NsmBuildContext { Lifetime = _chain.Token });
        var chain = new NetworkServiceClientChain(
            LambdaElement.CheckRequest((_, c) => c.Set(EventFactoryKeys.Begin, factory)),
            new MetadataClient(),
            new StoreInvoker(new UnusedInvoker()),
            heal,
            new NextHop(_hub));
        var logger = new ListLogger();
        await chain.RequestAsync(Request(), new NsmContext(logger: logger));

        _hub.Send(Update(NextHop.Downstream(Request().Connection), State.Down));
        await EventuallyAsync(() => factory.Calls == 1 && heal.ActiveLoops == 0, "the heal attempt and the end of the loop");
        Assert.Contains(logger.Lines, l => l.EventId == 1221);
        Assert.DoesNotContain(logger.Texts, t => t.Contains("healed", StringComparison.Ordinal) || t.Contains("re-established", StringComparison.Ordinal));
    }

    /// <summary>What begin's factory does for a connection that is no longer established: nothing.</summary>
    private sealed class ClosedConnectionFactory : IConnectionEventFactory
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<Connection> RequestAsync(EventRequestOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new Connection { Id = "id" });
        }

        public Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
