using Nsm.Cmd.NsmgrProxy;
using Nsm.Cmd.RegistryProxyDns;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public sealed class InterdomainMappingTests
{
    [Fact]
    public void Nsmgr_proxy_defaults_are_upstreams_ports_and_names()
    {
        var options = NsmgrProxyCmdOptions.FromEnvironment(Env.Of());
        Assert.Equal("nsmgr-proxy", options.Name);
        Assert.Equal(new Uri("tcp://0.0.0.0:5004"), Assert.Single(options.ListenOn));
        Assert.Equal(5004, options.PublicUrl.Port);
        Assert.NotEqual("0.0.0.0", options.PublicUrl.Host);
        Assert.Equal(new Uri("tcp://registry:5002"), options.RegistryUrl);
        Assert.Equal(new Uri("tcp://registry-proxy:5005"), options.RegistryProxyUrl);
        Assert.Equal("map-ip.yaml", options.ToProxyOptions().MapIpFilePath);
        options.ToProxyOptions().Validate();
    }

    [Fact]
    public void Nsmgr_proxy_variables_map_to_the_chain()
    {
        var options = NsmgrProxyCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "proxy-a"),
            ("NSM_LISTEN_ON", "tcp://10.1.0.5:6004"),
            ("NSM_REGISTRY_URL", "tcp://10.1.0.2:5002"),
            ("NSM_REGISTRY_PROXY_URL", "tcp://10.1.0.3:5005"),
            ("NSM_DIAL_TIMEOUT", "2s"),
            ("NSM_MAP_IP_FILE_PATH", "/etc/nsm/map-ip.yaml")));
        var proxy = options.ToProxyOptions();
        Assert.Equal("proxy-a", proxy.Name);
        Assert.Equal(new Uri("tcp://10.1.0.5:6004"), proxy.Url);
        Assert.Equal(new Uri("tcp://10.1.0.2:5002"), proxy.RegistryUrl);
        Assert.Equal(new Uri("tcp://10.1.0.3:5005"), proxy.RegistryProxyUrl);
        Assert.Equal(TimeSpan.FromSeconds(2), proxy.DialTimeout);
        Assert.Equal("/etc/nsm/map-ip.yaml", proxy.MapIpFilePath);
    }

    [Fact]
    public void Registry_proxy_dns_reads_its_domains_file_and_refuses_a_bad_one()
    {
        var file = Path.Combine(Path.GetTempPath(), "nsm-domains-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(file, "registry.nsm-system.b 10.2.0.2:5002\n");
            var options = RegistryProxyDnsCmdOptions.FromEnvironment(Env.Of(("NSM_DOMAINS_FILE", file)));
            Assert.Equal(new Uri("tcp://0.0.0.0:5005"), Assert.Single(options.ListenOn));
            options.ToProxyOptions().Validate();

            File.WriteAllText(file, "registry.nsm-system.b\n");
            var ex = Assert.Throws<NsmConfigurationException>(() => RegistryProxyDnsCmdOptions.FromEnvironment(Env.Of(("NSM_DOMAINS_FILE", file))));
            Assert.Contains("NSM_DOMAINS_FILE", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
