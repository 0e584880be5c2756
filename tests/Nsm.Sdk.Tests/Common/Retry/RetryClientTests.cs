using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Retry;

public class RetryClientTests
{
    private static readonly RetryOptions Fast = new() { Interval = TimeSpan.FromMilliseconds(10), TryTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void Options_Defaults()
    {
        var options = new RetryOptions();
        Assert.Equal(TimeSpan.FromSeconds(15), options.TryTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Interval);
    }

    [Fact]
    public async Task Request_RetriesUntilSuccess_WithAFreshCopyEachTry()
    {
        var count = new CountElement();
        var mutate = LambdaElement.CheckRequest((r, _) => r.Connection.Labels["touched"] = "yes");
        var client = new RetryClient(new NetworkServiceClientChain(count, mutate, new InjectErrorElement([0, 1], [])), Fast);
        var request = TestExtensions.Request();
        var conn = await client.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail).DefaultTimeout();
        Assert.Equal("id", conn.Id);
        Assert.Equal(3, count.Requests);
        Assert.All(count.SeenRequests, r => Assert.False(r.Connection.Labels.ContainsKey("touched")));
        Assert.False(request.Connection.Labels.ContainsKey("touched"));
    }

    [Fact]
    public async Task Close_IsRetriedToo()
    {
        var count = new CountElement();
        var client = new RetryClient(new NetworkServiceClientChain(count, new InjectErrorElement([], [0])), Fast);
        await client.CloseAsync(new Connection { Id = "id" }, new NsmContext(), NetworkServiceHandler.Tail).DefaultTimeout();
        Assert.Equal(2, count.Closes);
    }

    [Fact]
    public async Task OuterCancellation_StopsRetrying()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var count = new CountElement();
        var client = new RetryClient(new NetworkServiceClientChain(count, new InjectErrorElement()), Fast);
        using var cts = new CancellationTokenSource();
        var run = client.RequestAsync(TestExtensions.Request(), new NsmContext(clock, cancellationToken: cts.Token), NetworkServiceHandler.Tail).AsTask();
        await TestExtensions.Eventually(() => count.Requests == 1, "the first try");
        clock.Advance(Fast.Interval);
        await TestExtensions.Eventually(() => count.Requests == 2, "the retry after one interval");
        Assert.False(run.IsCompleted); // waiting for the next interval, which the fake clock never reaches

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.DefaultTimeout());

        // The call has ended, so nothing can try again: the count is final, also when the clock moves on.
        Assert.Equal(2, count.Requests);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, count.Requests);
    }

    [Fact]
    public async Task OuterDeadline_ThrowsTheLastError()
    {
        var client = new RetryClient(new InjectErrorElement(), Fast);
        var context = new NsmContext(deadline: DateTimeOffset.UtcNow.AddMilliseconds(100));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await client.RequestAsync(TestExtensions.Request(), context, NetworkServiceHandler.Tail).DefaultTimeout());
        Assert.Equal("injected error", ex.Message);
    }

    [Fact]
    public async Task EachTry_HasItsOwnTimeout()
    {
        var tries = 0;
        var hang = new LambdaElement(async (r, c, n) =>
        {
            if (Interlocked.Increment(ref tries) == 1)
            {
                Assert.True(c.RemainingTime <= TimeSpan.FromMilliseconds(50));
                await Task.Delay(System.Threading.Timeout.Infinite, c.CancellationToken);
            }

            return await n.RequestAsync(r, c);
        });
        var client = new RetryClient(hang, new RetryOptions { Interval = TimeSpan.FromMilliseconds(10), TryTimeout = TimeSpan.FromMilliseconds(50) });
        var conn = await client.RequestAsync(TestExtensions.Request(), new NsmContext(), NetworkServiceHandler.Tail).DefaultTimeout();
        Assert.Equal("id", conn.Id);
        Assert.Equal(2, tries);
    }
}
