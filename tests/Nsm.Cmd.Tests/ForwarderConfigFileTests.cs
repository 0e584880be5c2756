using Nsm.Cmd.ForwarderKernel;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

/// <summary>The forwarder's config file (the guide's <c>nsm-forwarder-config</c> <c>forwarder.yaml</c>) and NSM_MTU.</summary>
public sealed class ForwarderConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-fwd-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_guides_file_sets_the_mtu()
    {
        var path = Write("mtu: 9000\n");
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(("NSM_FORWARDER_CONFIG_PATH", path)));
        Assert.Equal(9000, options.Mtu);
        Assert.Equal(path, options.ConfigPath);
    }

    [Fact]
    public void NSM_MTU_wins_over_the_file()
    {
        var path = Write("mtu: 9000\n");
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(("NSM_FORWARDER_CONFIG_PATH", path), ("NSM_MTU", "1400")));
        Assert.Equal(1400, options.Mtu);
    }

    [Fact]
    public void A_missing_file_is_no_config()
    {
        var options = ForwarderCmdOptions.FromEnvironment(Env.Of(("NSM_FORWARDER_CONFIG_PATH", Path.Combine(_dir, "none", "forwarder.yaml"))));
        Assert.Equal(1500, options.Mtu);
    }

    [Fact]
    public void The_default_path_is_where_nsmctl_mounts_it() =>
        Assert.Equal("/etc/nsm/forwarder.yaml", ForwarderConfigFile.DefaultPath);

    [Theory]
    [InlineData("# jumbo frames\nmtu: \"9000\"   # the node's NICs\nother: x\n", 9000)]
    [InlineData("---\nmtu: '1280'\n", 1280)]
    [InlineData("other: 1\n", null)]
    [InlineData("", null)]
    public void Comments_quotes_and_other_keys_are_read_as_yaml(string text, int? mtu) =>
        Assert.Equal(mtu, ForwarderConfigFile.Parse(text, "f.yaml").Mtu);

    [Theory]
    [InlineData("mtu: 20\n", "line 1")]
    [InlineData("# x\nmtu: big\n", "line 2")]
    [InlineData("mtu: 70000\n", "line 1")]
    [InlineData("mtu 9000\n", "line 1")]
    public void A_bad_file_stops_with_the_variable_file_and_line_named(string text, string line)
    {
        var path = Write(text);
        var ex = Assert.Throws<NsmConfigurationException>(() => ForwarderCmdOptions.FromEnvironment(Env.Of(("NSM_FORWARDER_CONFIG_PATH", path))));
        Assert.StartsWith("NSM_FORWARDER_CONFIG_PATH: " + path + " " + line + ":", ex.Message, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "forwarder.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
