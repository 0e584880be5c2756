using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Common.Timers;

namespace Nsm.Sdk.Tests.Common.Timers;

public class KeyedTimersTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void Schedule_fires_once_after_due_and_releases_key()
    {
        using var timers = new KeyedTimers<string>(_clock, StringComparer.Ordinal);
        var fired = 0;
        timers.Schedule("a", TimeSpan.FromSeconds(10), () => fired++);
        Assert.True(timers.IsArmed("a"));
        Assert.Equal(1, timers.Count);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, fired);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        Assert.False(timers.IsArmed("a"));
        Assert.Equal(0, timers.Count);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Schedule_again_replaces_the_timer_of_the_key()
    {
        using var timers = new KeyedTimers<string>(_clock);
        var calls = new List<string>();
        timers.Schedule("a", TimeSpan.FromSeconds(5), () => calls.Add("first"));
        timers.Schedule("a", TimeSpan.FromSeconds(20), () => calls.Add("second"));
        Assert.Equal(1, timers.Count);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(calls);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["second"], calls);
    }

    [Fact]
    public void Keys_are_independent_and_Cancel_stops_one()
    {
        using var timers = new KeyedTimers<int>(_clock);
        var fired = new List<int>();
        timers.Schedule(1, TimeSpan.FromSeconds(1), () => fired.Add(1));
        timers.Schedule(2, TimeSpan.FromSeconds(1), () => fired.Add(2));
        Assert.True(timers.Cancel(1));
        Assert.False(timers.Cancel(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([2], fired);
    }

    [Fact]
    public void Zero_or_negative_due_fires_at_once()
    {
        using var timers = new KeyedTimers<string>(_clock);
        var fired = 0;
        timers.Schedule("a", TimeSpan.FromSeconds(-3), () => fired++);
        _clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Schedule_can_use_a_call_clock_instead_of_the_default()
    {
        var other = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var timers = new KeyedTimers<string>(TimeProvider.System);
        var fired = 0;
        timers.Schedule("a", TimeSpan.FromHours(1), () => fired++, other);
        other.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Callback_may_rearm_its_own_key()
    {
        using var timers = new KeyedTimers<string>(_clock);
        var fired = 0;
        void Arm() => timers.Schedule("a", TimeSpan.FromSeconds(1), () => { fired++; Arm(); });
        Arm();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, fired);
        Assert.True(timers.IsArmed("a"));
    }

    [Fact]
    public void Dispose_cancels_everything_and_later_schedules_throw()
    {
        var timers = new KeyedTimers<string>(_clock);
        var fired = 0;
        timers.Schedule("a", TimeSpan.FromSeconds(1), () => fired++);
        timers.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, fired);
        Assert.Equal(0, timers.Count);
        Assert.Throws<ObjectDisposedException>(() => timers.Schedule("b", TimeSpan.Zero, () => fired++));
    }
}
