using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Kernel.External;

namespace Nsm.Sdk.Kernel.Tests.External;

/// <summary>When address probes go out and how long answers are waited for (fake clock).</summary>
public sealed class ProbeScheduleTests
{
    [Fact]
    public async Task Without_an_answer_it_sends_every_probe_an_interval_apart_and_waits_one_more_interval()
    {
        var clock = new FakeTimeProvider();
        var sent = new List<TimeSpan>();
        var start = clock.GetUtcNow();
        var answered = new TaskCompletionSource<bool>();
        var run = ProbeSchedule.RunAsync(3, TimeSpan.FromMilliseconds(100), clock, _ => Record(sent, clock.GetUtcNow() - start), answered.Task, CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            await Until(() => sent.Count == i + 1); // the continuation after the fake delay runs on the pool
            Assert.False(run.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(99));
            Assert.Equal(i + 1, sent.Count); // not a moment early
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.False(await run);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], sent);
    }

    [Fact]
    public async Task An_answer_ends_the_wait_at_once()
    {
        var clock = new FakeTimeProvider();
        var sent = new List<TimeSpan>();
        var answered = new TaskCompletionSource<bool>();
        var run = ProbeSchedule.RunAsync(3, TimeSpan.FromSeconds(1), clock, _ => Record(sent, TimeSpan.Zero), answered.Task, CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        answered.SetResult(true);

        Assert.True(await run);
        Assert.Single(sent);
    }

    [Fact]
    public async Task Cancelling_stops_probing()
    {
        var clock = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var run = ProbeSchedule.RunAsync(3, TimeSpan.FromSeconds(1), clock, _ => ValueTask.CompletedTask, new TaskCompletionSource<bool>().Task, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 5000 && !condition(); i++)
        {
            await Task.Delay(1);
        }

        Assert.True(condition());
    }

    private static ValueTask Record(List<TimeSpan> sent, TimeSpan at)
    {
        sent.Add(at);
        return ValueTask.CompletedTask;
    }
}
