using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Tests.Ipam;

public class IpRangeSetTests
{
    private static IpRange R(ulong a, ulong b) => new(a, b);

    [Fact]
    public void Add_merges_overlapping_and_adjacent()
    {
        var s = new IpRangeSet();
        s.Add(R(10, 20));
        s.Add(R(30, 40));
        s.Add(R(0, 5));
        Assert.Equal([R(0, 5), R(10, 20), R(30, 40)], s.ToArray());
        s.Add(R(21, 29));
        Assert.Equal([R(0, 5), R(10, 40)], s.ToArray());
        s.Add(R(6, 9));
        Assert.Equal([R(0, 40)], s.ToArray());
        s.Add(R(100, 100));
        s.Add(R(50, 60));
        Assert.Equal([R(0, 40), R(50, 60), R(100, 100)], s.ToArray());
        Assert.Equal((UInt128)(41 + 11 + 1), s.Count);
    }

    [Fact]
    public void Remove_splits_and_trims()
    {
        var s = new IpRangeSet();
        s.Add(R(0, 100));
        s.Remove(R(10, 20));
        Assert.Equal([R(0, 9), R(21, 100)], s.ToArray());
        s.Remove(R(5, 30));
        Assert.Equal([R(0, 4), R(31, 100)], s.ToArray());
        s.Remove(R(0, 4));
        Assert.Equal([R(31, 100)], s.ToArray());
        s.Remove(R(200, 300));
        s.Remove(R(0, 1000));
        Assert.True(s.IsEmpty);
    }

    [Fact]
    public void Matches_a_naive_model_under_random_operations()
    {
        var rng = new Random(1234);
        var model = new bool[300];
        var s = new IpRangeSet();
        for (int step = 0; step < 5000; step++)
        {
            int a = rng.Next(300), b = Math.Min(299, a + rng.Next(12));
            bool add = rng.Next(2) == 0;
            (add ? (Action<IpRange>)s.Add : s.Remove)(R((ulong)a, (ulong)b));
            for (int i = a; i <= b; i++)
            {
                model[i] = add;
            }

            int probe = rng.Next(300);
            Assert.Equal(model[probe], s.Contains((UInt128)probe));
            int lowest = Array.IndexOf(model, true);
            Assert.Equal(lowest >= 0, s.TryFindLowest(null, out var low));
            if (lowest >= 0)
            {
                Assert.Equal((UInt128)lowest, low);
            }
        }

        var ranges = s.ToArray();
        for (int i = 1; i < ranges.Length; i++)
        {
            Assert.True(ranges[i].First > ranges[i - 1].Last + 1, "ranges must be disjoint and non-adjacent");
        }

        Assert.Equal((UInt128)model.Count(x => x), s.Count);
    }

    [Fact]
    public void Aligned_blocks_respect_alignment_and_exclusions()
    {
        var s = new IpRangeSet();
        s.Add(R(3, 40));
        Assert.True(s.TryFindAlignedBlock(3, null, out var b));
        Assert.Equal(R(8, 15), b);
        var ex = new IpRangeSet();
        ex.Add(R(9, 9));
        ex.Add(R(20, 20));
        Assert.True(s.TryFindAlignedBlock(3, ex, out b));
        Assert.Equal(R(24, 31), b);
        Assert.False(s.TryFindAlignedBlock(5, null, out _));
    }
}
