using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClusterInfo;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.ClusterInfo;

public sealed class ClusterInfoServerTests : IDisposable
{
    private readonly string _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-clusterinfo-" + Guid.NewGuid().ToString("N") + ".yaml");

    public void Dispose() => File.Delete(_path);

    private async Task<IDictionary<string, string>> Labels()
    {
        var server = new ClusterInfoServer(new ClusterInfoOptions { ConfigPath = _path });
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1", Labels = { ["clusterName"] = "old", ["app"] = "x" } } };
        return (await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext())).Labels;
    }

    [Fact]
    public void Default_path_is_upstreams() => Assert.Equal("/etc/clusterinfo/config.yaml", new ClusterInfoOptions().ConfigPath);

    [Fact]
    public async Task The_map_overwrites_labels()
    {
        await File.WriteAllTextAsync(_path, "clusterName: east\nregion: eu\n");
        var labels = await Labels();
        Assert.Equal("east", labels["clusterName"]);
        Assert.Equal("eu", labels["region"]);
        Assert.Equal("x", labels["app"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("- not\n- a map\n")]
    public async Task A_missing_or_bad_file_changes_nothing(string? content)
    {
        if (content is not null)
        {
            await File.WriteAllTextAsync(_path, content);
        }

        var labels = await Labels();
        Assert.Equal("old", labels["clusterName"]);
    }

    [Fact]
    public async Task An_unreadable_file_is_warned_about_once_until_it_can_be_read_again()
    {
        var chain = new NetworkServiceServerChain(new ClusterInfoServer(new ClusterInfoOptions { ConfigPath = _path }));
        var logger = new RecordingLogger();
        async Task<IDictionary<string, string>> Request(string id) =>
            (await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = id } }, new NsmContext(logger: logger))).Labels;

        await Request("c1");
        await Request("c2");
        Assert.Single(logger.At(LogLevel.Warning, "clusterinfo:"));
        Assert.Contains(logger.At(LogLevel.Debug, "clusterinfo:"), m => m.Contains("c2", StringComparison.Ordinal));

        await File.WriteAllTextAsync(_path, "clusterName: east\n");
        Assert.Equal("east", (await Request("c3"))["clusterName"]);
        Assert.Single(logger.At(LogLevel.Information, "clusterinfo:"));

        File.Delete(_path);
        await Request("c4");
        Assert.Equal(2, logger.At(LogLevel.Warning, "clusterinfo:").Count);
    }
}
