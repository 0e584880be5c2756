using Nsm.Cmd.RegistryK8s;
using Nsm.Sdk.Hosting;

namespace Nsm.RegistryK8s.Tests;

public class RegistryK8sCmdOptionsTests
{
    [Fact]
    public void Defaults_are_upstreams_and_outside_a_pod_the_api_server_must_be_given()
    {
        var options = RegistryK8sCmdOptions.FromEnvironment(Env());

        Assert.Equal(new Uri("tcp://0.0.0.0:5002"), Assert.Single(options.ListenOn));
        Assert.Equal(TimeSpan.FromMinutes(1), options.ExpirePeriod);
        Assert.Null(options.Namespace);
        var ex = Assert.Throws<NsmConfigurationException>(options.ToApiSettings);
        Assert.StartsWith("REGISTRY_K8S_API_SERVER:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upstreams_registry_k8s_names_map_and_win_over_nsm_names()
    {
        var options = RegistryK8sCmdOptions.FromEnvironment(Env(
            ("REGISTRY_K8S_LISTEN_ON", "unix:///tmp/r.sock"),
            ("NSM_LISTEN_ON", "tcp://:9999"),
            ("REGISTRY_K8S_EXPIRE_PERIOD", "30s"),
            ("REGISTRY_K8S_NAMESPACE", "nsm-system"),
            ("REGISTRY_K8S_PROXY_REGISTRY_URL", "tcp://proxy:5005"),
            ("REGISTRY_K8S_API_SERVER", "http://127.0.0.1:8001")));

        Assert.Equal(new Uri("unix:///tmp/r.sock"), Assert.Single(options.ListenOn));
        var registry = options.ToRegistryOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), registry.DefaultExpiration);
        Assert.Equal(new Uri("tcp://proxy:5005"), registry.ProxyRegistryUrl);
        var api = options.ToApiSettings();
        Assert.Equal(new Uri("http://127.0.0.1:8001"), api.Server);
        Assert.Equal("nsm-system", api.Namespace);
        Assert.Null(api.TokenFile);
    }

    [Fact]
    public void In_a_pod_the_api_is_the_kubernetes_service_with_the_service_account()
    {
        var options = RegistryK8sCmdOptions.FromEnvironment(Env(
            ("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443"), ("NSM_NAMESPACE", "nsm")));

        var api = options.ToApiSettings();

        Assert.Equal(new Uri("https://10.96.0.1:443"), api.Server);
        Assert.Equal("nsm", api.Namespace);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", api.TokenFile);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", api.CaFile);
    }

    [Theory]
    [InlineData("REGISTRY_K8S_EXPIRE_PERIOD", "0")]
    [InlineData("NSM_EXPIRE_PERIOD", "soon")]
    [InlineData("REGISTRY_K8S_NAMESPACE", "NSM_System")]
    [InlineData("REGISTRY_K8S_API_SERVER", "ftp://x")]
    [InlineData("REGISTRY_K8S_LISTEN_ON", "ftp://x")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => RegistryK8sCmdOptions.FromEnvironment(Env((name, value))));
        Assert.StartsWith(name + ":", ex.Message, StringComparison.Ordinal);
    }

    private static NsmEnvironment Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new NsmEnvironment(name => map.GetValueOrDefault(name));
    }
}
