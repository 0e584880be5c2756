using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Begin;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Begin;

public class BeginServerTests
{
    private static readonly NsmContextKey<string> Marker = new("test.marker");

    [Fact]
    public async Task Request_EmptyId_IsInvalidArgument()
    {
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new BeginServer(), count);
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(TestExtensions.Request(""), new NsmContext()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(0, count.Requests);
    }

    [Fact]
    public async Task Close_UsesLastReturnedConnection_AndRemovesState()
    {
        var begin = new BeginServer();
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(begin, count, LambdaElement.OnResponse(c => c.Labels["answer"] = "42"));
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Equal(State.Up, conn.State);
        Assert.Equal(1, begin.Count);

        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        Assert.Equal("42", Assert.Single(count.SeenCloses).Labels["answer"]);
        Assert.Equal(0, begin.Count);
    }

    [Fact]
    public async Task Close_UnknownIdOrTwice_DoesNotCallNext()
    {
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new BeginServer(), count);
        await chain.CloseAsync(new Connection { Id = "unknown" }, new NsmContext());
        Assert.Equal(0, count.Closes);

        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await chain.CloseAsync(conn, new NsmContext());
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal(1, count.Closes);
    }

    [Fact]
    public async Task Request_FirstFails_LeavesNoState_RefreshFailureKeepsIt()
    {
        var begin = new BeginServer();
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(begin, count, new InjectErrorElement(requestErrorAt: [0, 2], closeErrorAt: []));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(TestExtensions.Request(), new NsmContext()));
        Assert.Equal(0, begin.Count);

        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.RequestAsync(TestExtensions.Request(), new NsmContext()));
        Assert.Equal(1, begin.Count);
        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        Assert.Equal(1, count.Closes);
        Assert.Equal(0, begin.Count);
    }

    [Fact]
    public async Task OnlyTheOutermostBeginActs()
    {
        var inner = new BeginServer();
        var chain = new NetworkServiceServerChain(new BeginServer(), new NetworkServiceServerChain(inner));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Equal(0, inner.Count);
    }

    [Fact]
    public async Task EventFactory_RequestReRunsRestOfChain_CloseRemovesState()
    {
        var begin = new BeginServer();
        var count = new CountElement();
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceServerChain(begin, LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()), count);
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.NotNull(factory);

        var refreshed = await factory.RequestAsync().DefaultTimeout();
        Assert.Equal("id", refreshed.Id);
        Assert.Equal(2, count.Requests);

        await factory.CloseAsync().DefaultTimeout();
        Assert.Equal(1, count.Closes);
        Assert.Equal(0, begin.Count);

        // Not established any more: a Request event completes without calling the chain.
        await factory.RequestAsync().DefaultTimeout();
        Assert.Equal(2, count.Requests);
    }

    [Fact]
    public async Task EventContext_HasValuesOfLastSuccessfulRequest_AndTimeoutOfFirst()
    {
        var clock = new FakeTimeProvider();
        IConnectionEventFactory? factory = null;
        string? seenMarker = null;
        TimeSpan? seenTimeout = null;
        var chain = new NetworkServiceServerChain(
            new BeginServer(),
            LambdaElement.CheckRequest((_, c) =>
            {
                factory ??= c.EventFactory();
                seenMarker = c.GetOrDefault(Marker);
                seenTimeout = c.RemainingTime;
            }),
            new InjectErrorElement(requestErrorAt: [2], closeErrorAt: []));

        await chain.RequestAsync(TestExtensions.Request(), Context(clock, TimeSpan.FromSeconds(10), "first"));
        await chain.RequestAsync(TestExtensions.Request(), Context(clock, TimeSpan.FromSeconds(30), "second"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await chain.RequestAsync(TestExtensions.Request(), Context(clock, TimeSpan.FromSeconds(40), "failed")));

        await factory!.RequestAsync().DefaultTimeout();
        Assert.Equal("second", seenMarker);
        Assert.Equal(TimeSpan.FromSeconds(10), seenTimeout);
    }

    [Fact]
    public async Task Request_ReselectRequested_ClosesTheOldPathFirst()
    {
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new BeginServer(), count);
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        var reselect = TestExtensions.Request();
        reselect.Connection.State = State.ReselectRequested;
        conn = await chain.RequestAsync(reselect, new NsmContext());
        Assert.Equal(1, count.Closes);
        Assert.Equal(2, count.Requests);
        Assert.Equal(State.Up, conn.State);
    }

    [Fact]
    public async Task Events_AreSerializedWithExternalCalls()
    {
        // The order of entries and exits proves it: the event enters only after the slow Request has left, although
        // it was issued while the Request was held inside the chain.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var entered = 0;
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceServerChain(
            new BeginServer(),
            new LambdaElement(async (r, c, n) =>
            {
                factory ??= c.EventFactory();
                var call = Interlocked.Increment(ref entered);
                order.Enqueue("enter " + call);
                if (call == 2)
                {
                    await gate.Task;
                }

                order.Enqueue("leave " + call);
                return await n.RequestAsync(r, c);
            }));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        var slow = chain.RequestAsync(TestExtensions.Request(), new NsmContext()).AsTask();
        await TestExtensions.Eventually(() => Volatile.Read(ref entered) == 2, "the second Request to enter");
        var evt = factory!.RequestAsync();
        gate.SetResult();
        await slow.DefaultTimeout();
        await evt.DefaultTimeout();
        Assert.Equal(["enter 1", "leave 1", "enter 2", "leave 2", "enter 3", "leave 3"], order);
    }

    [Fact]
    public async Task EventFactory_CancelledBeforeItRuns_IsSkipped()
    {
        var count = new CountElement();
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceServerChain(new BeginServer(), LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()), count);
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory!.CloseAsync(cts.Token));
        Assert.Equal(0, count.Closes);
    }

    [Fact]
    public async Task RefreshEventQueuedDuringClose_DoesNotReachTheChain()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = new CountElement();
        IConnectionEventFactory? factory = null;
        var chain = new NetworkServiceServerChain(
            new BeginServer(),
            LambdaElement.CheckRequest((_, c) => factory = c.EventFactory()),
            count,
            new LambdaElement(null, async (conn, c, n) =>
            {
                await gate.Task;
                await n.CloseAsync(conn, c);
            }));
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        var closing = chain.CloseAsync(conn, new NsmContext()).AsTask();
        var refresh = factory!.RequestAsync();
        gate.SetResult();
        await closing.DefaultTimeout();
        await refresh.DefaultTimeout();
        Assert.Equal(1, count.Requests);
        Assert.Equal(1, count.Closes);
    }

    [Fact]
    public async Task ExternalRequestAfterClose_StartsAFreshConnection()
    {
        var begin = new BeginServer();
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(begin, count);
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await chain.CloseAsync(conn, new NsmContext());
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Equal(1, begin.Count);
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal(2, count.Closes);
    }

    private static NsmContext Context(TimeProvider clock, TimeSpan timeout, string marker)
    {
        var context = new NsmContext(clock, deadline: clock.GetUtcNow() + timeout);
        context.Set(Marker, marker);
        return context;
    }
}
