using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Common.Dial;

namespace Nsm.Sdk.Tests.Common.Dial;

public sealed class UnreachableCandidatesTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Unreachable_candidates_come_last_keeping_the_round_robin_order_of_the_others()
    {
        var memory = new UnreachableCandidates();
        memory.MarkUnreachable("b", "b-1", _clock);
        memory.MarkUnreachable("c", "c-1", _clock);
        var ordered = memory.Order(["a", "b", "c", "d"], 1, Identify, _clock);
        Assert.Equal(["d", "a", "b", "c"], ordered);
    }

    [Fact]
    public void A_changed_registration_or_an_answer_clears_the_mark()
    {
        var memory = new UnreachableCandidates();
        memory.MarkUnreachable("a", "a-old", _clock);
        Assert.True(memory.IsUnreachable("a", "a-old", _clock));
        Assert.False(memory.IsUnreachable("a", "a-new", _clock));
        Assert.False(memory.IsUnreachable("a", "a-old", _clock));

        memory.MarkUnreachable("b", "b-1", _clock);
        memory.MarkReachable("b");
        Assert.False(memory.IsUnreachable("b", "b-1", _clock));
        Assert.Equal(0, memory.Count);
    }

    [Fact]
    public void Marks_expire_on_the_clock()
    {
        var memory = new UnreachableCandidates(ttl: TimeSpan.FromSeconds(30));
        memory.MarkUnreachable("a", "a-1", _clock);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(memory.IsUnreachable("a", "a-1", _clock));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memory.IsUnreachable("a", "a-1", _clock));
    }

    [Fact]
    public void The_memory_is_bounded_and_drops_the_oldest()
    {
        var memory = new UnreachableCandidates(capacity: 2);
        memory.MarkUnreachable("a", "1", _clock);
        _clock.Advance(TimeSpan.FromSeconds(1));
        memory.MarkUnreachable("b", "1", _clock);
        _clock.Advance(TimeSpan.FromSeconds(1));
        memory.MarkUnreachable("c", "1", _clock);
        Assert.Equal(2, memory.Count);
        Assert.False(memory.IsUnreachable("a", "1", _clock));
        Assert.True(memory.IsUnreachable("b", "1", _clock));
        Assert.True(memory.IsUnreachable("c", "1", _clock));
    }

    private static (string Name, string Registration) Identify(string name) => (name, name + "-1");
}
