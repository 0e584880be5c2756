namespace Nsm.Sdk.Tests;

public class SmokeTests
{
    [Fact]
    public void Api_types_are_generated() =>
        Assert.Equal("networkservice.NetworkService", Nsm.Api.NetworkService.NetworkService.Descriptor.FullName);
}
