using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

/// <summary><c>NSM_MAX_REQUESTS_PER_PEER</c>, read the same way by every program.</summary>
public class PeerLimitsTests
{
    private static NsmEnvironment Env(string? value) =>
        new(name => name == NsmPeerLimits.MaxRequestsPerPeerVariable ? value : null);

    [Theory]
    [InlineData(null, 200)]
    [InlineData("", 200)]
    [InlineData("16", 16)]
    [InlineData("0", 0)]
    public void Unset_is_200_and_0_turns_the_limit_off(string? value, int expected) =>
        Assert.Equal(expected, NsmPeerLimits.FromEnvironment(Env(value)).MaxConcurrentRequestsPerPeer);

    [Theory]
    [InlineData("-1")]
    [InlineData("many")]
    public void A_bad_value_stops_with_the_variable_named(string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => NsmPeerLimits.FromEnvironment(Env(value)));
        Assert.StartsWith("NSM_MAX_REQUESTS_PER_PEER", ex.Message, StringComparison.Ordinal);
    }
}
