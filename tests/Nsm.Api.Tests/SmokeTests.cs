namespace Nsm.Api.Tests;

public class SmokeTests
{
    [Fact]
    public void Registry_package_is_registry() =>
        Assert.Equal("registry.NetworkServiceEndpointRegistry", Nsm.Api.Registry.NetworkServiceEndpointRegistry.Descriptor.FullName);
}
