using Nsm.Sdk.Registry.Common.Federation;
using Nsm.Sdk.Tests.Common.Dial;

namespace Nsm.Sdk.Tests.RegistryCommon.Federation;

/// <summary>nsm.yaml's registry.url as nsmgr reads it: the guide's form, a bare host:port, none, and a bad file reported once.</summary>
public sealed class ClusterConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-cluster-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("registry:\n  url: \"tcp://registry.cluster-b.example.com:5001\"\ntunnel:\n  type: wireguard\n", "tcp://registry.cluster-b.example.com:5001/")]
    [InlineData("registry:\n  url: registry.cluster-b.example.com:5001\n", "tcp://registry.cluster-b.example.com:5001/")]
    [InlineData("registry:\n  url: unix:///run/registry.sock\n", "unix:///run/registry.sock")]
    [InlineData("tunnel:\n  type: wireguard\n", null)]
    [InlineData("", null)]
    public void The_registry_url_is_read_from_nsm_yaml(string text, string? expected)
    {
        var path = Path.Combine(_dir, "nsm.yaml");
        File.WriteAllText(path, text);
        Assert.Equal(expected, RegistryFederation.FromConfigFile(path, new ListLogger())()?.ToString());
    }

    [Fact]
    public void A_bad_file_means_no_federation_and_one_warning_until_it_changes()
    {
        var path = Path.Combine(_dir, "nsm.yaml");
        File.WriteAllText(path, "registry:\n  url: \"http://x\"\n");
        var logger = new ListLogger();
        var url = RegistryFederation.FromConfigFile(path, logger);

        Assert.Null(url());
        Assert.Null(url());
        Assert.Single(logger.Lines, l => l.EventId == 1412 && l.Text.Contains("is not usable", StringComparison.Ordinal));

        File.WriteAllText(path, "registry:\n  url: r:5001\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("tcp://r:5001/", url()?.ToString());
        Assert.Null(RegistryFederation.FromConfigFile(Path.Combine(_dir, "missing.yaml"), logger)());
    }
}
