using Nsm.Sdk.Common.SwapIp;
using Nsm.Sdk.Tests.Common.Dial;

namespace Nsm.Sdk.Tests.Common.SwapIp;

/// <summary>map-ip.yaml: parsed both ways, re-read when it changes, a bad file keeps the last good map.</summary>
public sealed class IpMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-map-ip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_map_is_read_both_ways_and_an_unknown_address_stays()
    {
        var map = IpMap.Parse("10.0.1.2: 203.0.113.1\n\"fd00::2\": \"2001:DB8::2\"\n");

        Assert.Equal(2, map.Count);
        Assert.Equal("203.0.113.1", map.ToExternal("10.0.1.2"));
        Assert.Equal("10.0.1.2", map.ToInternal("203.0.113.1"));
        Assert.Equal("2001:db8::2", map.ToExternal("fd00:0::2"));
        Assert.Equal("fd00::2", map.ToInternal("2001:db8::2"));
        Assert.Equal("203.0.113.1", map.Swap("10.0.1.2"));
        Assert.Equal("10.0.1.2", map.Swap("203.0.113.1"));
        Assert.Equal("10.9.9.9", map.Swap("10.9.9.9"));
        Assert.Equal("203.0.113.1", map.ToExternal("203.0.113.1"));
        Assert.Equal("registry", map.Swap("registry"));
        Assert.Equal(0, IpMap.Parse("").Count);
    }

    [Fact]
    public void Nodes_behind_one_nat_address_map_back_to_the_first()
    {
        var map = IpMap.Parse("10.0.1.2: 203.0.113.1\n10.0.1.3: 203.0.113.1\n");
        Assert.Equal("203.0.113.1", map.ToExternal("10.0.1.3"));
        Assert.Equal("10.0.1.2", map.ToInternal("203.0.113.1"));
    }

    [Theory]
    [InlineData("- 10.0.0.1\n")]
    [InlineData("10.0.0.1: [203.0.113.1]\n")]
    [InlineData("node-a: 203.0.113.1\n")]
    [InlineData("10.0.0.1: nowhere\n")]
    [InlineData("10.0.0.1: {\n")]
    public void A_file_that_is_not_a_map_of_addresses_is_refused(string text) =>
        Assert.Throws<FormatException>(() => IpMap.Parse(text));

    [Fact]
    public void The_file_is_read_again_when_it_changes_and_a_bad_file_keeps_the_last_good_map()
    {
        var path = Path.Combine(_dir, "map-ip.yaml");
        var logger = new ListLogger();
        var file = new IpMapFile(path, logger);
        Assert.Equal(0, file.Current().Count);

        File.WriteAllText(path, "10.0.1.2: 203.0.113.1\n");
        Assert.Equal("203.0.113.1", file.Current().ToExternal("10.0.1.2"));
        Assert.Same(file.Current(), file.Current());

        File.WriteAllText(path, "10.0.1.2: [oops\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("203.0.113.1", file.Current().ToExternal("10.0.1.2"));
        Assert.Equal("203.0.113.1", file.Current().ToExternal("10.0.1.2"));
        Assert.Single(logger.Lines, l => l.EventId == 1421 && l.Text.Contains(path, StringComparison.Ordinal));

        File.WriteAllText(path, "10.0.1.2: 203.0.113.9\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
        Assert.Equal("203.0.113.9", file.Current().ToExternal("10.0.1.2"));
        Assert.Equal(3, logger.Lines.Count(l => l.EventId == 1420));

        File.Delete(path);
        Assert.Equal(0, file.Current().Count);
    }
}
