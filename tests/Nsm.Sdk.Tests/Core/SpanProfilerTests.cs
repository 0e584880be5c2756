using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

public sealed class SpanProfilerTests
{
    [Fact]
    public async Task Self_time_is_the_span_minus_the_elements_it_called()
    {
        using var profiler = new SpanProfiler();
        var chain = new NetworkServiceServerChain(new ProfiledOuter(), new ProfiledSlowInner());

        for (var i = 0; i < 3; i++)
        {
            await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "p" + i } }, new NsmContext(), NetworkServiceHandler.Tail);
        }

        var entries = profiler.Snapshot();
        var inner = Assert.Single(entries, e => e.Name == nameof(ProfiledSlowInner) + "/Request");
        var outer = Assert.Single(entries, e => e.Name == nameof(ProfiledOuter) + "/Request");
        Assert.Equal(3, inner.Count);
        Assert.True(inner.SelfP50Ms >= 15, $"inner self {inner.SelfP50Ms} ms");
        Assert.True(outer.TotalP50Ms >= inner.SelfP50Ms, $"outer total {outer.TotalP50Ms} ms");
        Assert.True(outer.SelfP50Ms < inner.SelfP50Ms, $"outer self {outer.SelfP50Ms} ms");
        Assert.Contains(nameof(ProfiledSlowInner) + "/Request\t3\t", profiler.FormatTable(), StringComparison.Ordinal);
    }

    private sealed class ProfiledOuter : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) => next.RequestAsync(request, context);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    private sealed class ProfiledSlowInner : INetworkServiceServer
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            await Task.Delay(20);
            return await next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
