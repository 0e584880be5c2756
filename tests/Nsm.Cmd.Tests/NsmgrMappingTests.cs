using Nsm.Cmd.Nsmgr;

namespace Nsm.Cmd.Tests;

public class NsmgrMappingTests
{
    [Fact]
    public void Defaults_serve_the_node_socket_and_loopback_tcp_with_the_registry_on_5001()
    {
        var options = NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_NAME", "nsmgr")));
        Assert.Equal([new Uri("unix:///var/lib/networkservicemesh/nsm.io.sock"), new Uri("tcp://127.0.0.1:5001")], options.ListenOn);
        Assert.Equal(new Uri("tcp://127.0.0.1:5001"), options.PublicUrl);
        Assert.Equal(new Uri("tcp://localhost:5001"), options.RegistryUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(750), options.DialTimeout);
        Assert.Equal("forwarder", options.ForwarderServiceName);
        Assert.Equal("/etc/nsm-config/nsm.yaml", options.ToNsmgrOptions().ClusterConfigPath);
        Assert.Equal("/x/nsm.yaml", NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_CONFIG_FILE", "/x/nsm.yaml"))).ToNsmgrOptions().ClusterConfigPath);
    }

    [Fact]
    public void Trusted_path_callers_are_nobody_by_default_and_read_from_NSM_TRUSTED_PATH_CALLERS()
    {
        var none = NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_NAME", "nsmgr"))).ToNsmgrOptions().NamespaceAccess;
        Assert.False(none.TrustAll);
        Assert.Empty(none.TrustedUids);

        var some = NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_TRUSTED_PATH_CALLERS", "uid:0, uid:1000"))).ToNsmgrOptions().NamespaceAccess;
        Assert.Equal([0u, 1000u], some.TrustedUids.Order());
        Assert.True(NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_TRUSTED_PATH_CALLERS", "*"))).NamespaceAccess.TrustAll);

        var e = Assert.Throws<Nsm.Sdk.Hosting.NsmConfigurationException>(() => NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_TRUSTED_PATH_CALLERS", "root"))));
        Assert.Contains("NSM_TRUSTED_PATH_CALLERS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_registry_url_keeps_the_registry_in_memory()
    {
        var options = NsmgrCmdOptions.FromEnvironment(Env.Of(("NSM_REGISTRY_URL", ""), ("NSM_LISTEN_ON", "unix:///tmp/n.sock")));
        Assert.Null(options.RegistryUrl);
        Assert.Null(options.ToNsmgrOptions().RegistryUrl);
        Assert.Equal(new Uri("unix:///tmp/n.sock"), options.PublicUrl);
    }

    [Fact]
    public void Variables_map_to_the_nsmgr_options()
    {
        var nsmgr = NsmgrCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nsmgr-a"),
            ("NSM_REGISTRY_URL", "unix:///tmp/reg.sock"),
            ("NSM_DIAL_TIMEOUT", "2s"),
            ("NSM_FORWARDER_SERVICE_NAME", "fwd"),
            ("NSM_MAX_TOKEN_LIFETIME", "1h"))).ToNsmgrOptions();
        Assert.Equal("nsmgr-a", nsmgr.Name);
        Assert.Equal(new Uri("unix:///tmp/reg.sock"), nsmgr.RegistryUrl);
        Assert.Equal(TimeSpan.FromSeconds(2), nsmgr.DialTimeout);
        Assert.Equal("fwd", nsmgr.ForwarderServiceName);
        Assert.Equal(TimeSpan.FromHours(1), nsmgr.MaxTokenLifetime);
        nsmgr.Validate();
    }
}
