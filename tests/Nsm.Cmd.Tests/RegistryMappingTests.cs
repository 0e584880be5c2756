using Nsm.Cmd.Registry;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

public class RegistryMappingTests
{
    [Fact]
    public void Defaults_listen_on_all_interfaces_port_5002_with_one_minute_expiry()
    {
        var options = RegistryCmdOptions.FromEnvironment(Env.Of());
        Assert.Equal("registry", options.Name);
        Assert.Equal(new Uri("tcp://0.0.0.0:5002"), Assert.Single(options.ListenOn));
        Assert.Equal(TimeSpan.FromMinutes(1), options.ExpirePeriod);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxTokenLifetime);
        Assert.Equal(3, options.ServerPolicies.Count);
        Assert.Null(options.ProxyRegistryUrl);
    }

    [Fact]
    public void Variables_map_to_the_registry_options()
    {
        var options = RegistryCmdOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "reg-1"),
            ("NSM_LISTEN_ON", "unix:///tmp/r.sock, 127.0.0.1:7000"),
            ("NSM_EXPIRE_PERIOD", "1m30s"),
            ("NSM_MAX_TOKEN_LIFETIME", "20s"),
            ("NSM_PROXY_REGISTRY_URL", "tcp://proxy:5005")));
        Assert.Equal([new Uri("unix:///tmp/r.sock"), new Uri("tcp://127.0.0.1:7000")], options.ListenOn);
        var registry = options.ToRegistryOptions();
        Assert.Equal("reg-1", registry.Name);
        Assert.Equal(TimeSpan.FromSeconds(90), registry.DefaultExpiration);
        Assert.Equal(TimeSpan.FromSeconds(20), registry.MaxTokenLifetime);
        Assert.Equal(new Uri("tcp://proxy:5005"), registry.ProxyRegistryUrl);
        registry.Validate();
    }

    [Theory]
    [InlineData("NSM_EXPIRE_PERIOD", "0")]
    [InlineData("NSM_EXPIRE_PERIOD", "soon")]
    [InlineData("NSM_LISTEN_ON", "ftp://x")]
    [InlineData("NSM_LOG_LEVEL", "LOUD")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var env = Env.Of((name, value));
        var ex = Assert.Throws<NsmConfigurationException>(() =>
        {
            RegistryCmdOptions.FromEnvironment(env);
            env.GetLogLevel();
        });
        Assert.StartsWith(name + ":", ex.Message, StringComparison.Ordinal);
    }
}
