using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

/// <summary><c>NSM_MAX_TOKEN_LIFETIME</c>, read the same way by every program.</summary>
public class MaxTokenLifetimeTests
{
    private static NsmEnvironment Env(string? value) =>
        new(name => name == NsmEnvironment.MaxTokenLifetimeVariable ? value : null);

    [Theory]
    [InlineData(null, 600)]
    [InlineData("", 600)]
    [InlineData("10m", 600)]
    [InlineData("30s", 30)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 24h ", 86400)]
    public void Go_durations_are_accepted_and_unset_means_ten_minutes(string? value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Env(value).GetMaxTokenLifetime());

    [Theory]
    [InlineData("0")]
    [InlineData("-5m")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    public void Zero_negative_or_unparsable_values_stop_with_the_variable_named(string value)
    {
        var ex = Assert.Throws<NsmConfigurationException>(() => Env(value).GetMaxTokenLifetime());
        Assert.StartsWith("NSM_MAX_TOKEN_LIFETIME: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }
}
