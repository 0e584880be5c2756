using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public class ContextTests
{
    private static readonly NsmContextKey<string> Url = new("url");

    private sealed class SetUrl : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            context.Set(Url, "unix:///x.sock");
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    private sealed class ReadUrl(List<string?> seen) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            seen.Add(context.GetOrDefault(Url));
            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    [Fact]
    public async Task Values_set_by_an_element_reach_later_elements_across_the_adapter()
    {
        var seen = new List<string?>();
        var chain = new NetworkServiceServerChain(new ReadUrl(seen).AsServer(), new SetUrl(), new ReadUrl(seen).AsServer());
        await chain.RequestAsync(Requests.New(), new NsmContext());
        Assert.Equal([null, "unix:///x.sock"], seen);
    }

    [Fact]
    public void Fork_keeps_values_and_clock_but_has_its_own_cancellation_and_deadline()
    {
        var clock = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var ctx = new NsmContext(clock, deadline: clock.GetUtcNow().AddSeconds(1), cancellationToken: cts.Token) { ClientUrl = new Uri("unix:///a") };
        ctx.Set(Url, "v");
        var fork = ctx.Fork(clock.GetUtcNow().AddSeconds(15), CancellationToken.None);
        cts.Cancel();
        Assert.False(fork.CancellationToken.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromSeconds(15), fork.RemainingTime);
        Assert.Equal("v", fork.GetOrDefault(Url));
        Assert.Same(clock, fork.Clock);
        Assert.Equal(ctx.ClientUrl, fork.ClientUrl);
        fork.Remove(Url);
        Assert.Equal("v", ctx.GetOrDefault(Url));
    }
}
