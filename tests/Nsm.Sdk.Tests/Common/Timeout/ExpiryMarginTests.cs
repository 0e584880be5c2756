using Nsm.Sdk.Common.Timers;

namespace Nsm.Sdk.Tests.Common.Timeout;

public class ExpiryMarginTests
{
    [Theory]
    [InlineData(600, 15, 585)]
    [InlineData(60, 15, 48)]
    [InlineData(20, 15, 16)]
    [InlineData(20, 0, 20)]
    [InlineData(20, 2, 18)]
    [InlineData(0, 15, 0)]
    [InlineData(-3, 15, 0)]
    public void Subtracts_the_call_timeout_up_to_a_fifth_of_the_time_left(int leftSeconds, int callTimeoutSeconds, int dueSeconds) =>
        Assert.Equal(
            TimeSpan.FromSeconds(dueSeconds),
            ExpiryMargin.Due(TimeSpan.FromSeconds(leftSeconds), TimeSpan.FromSeconds(callTimeoutSeconds)));
}
