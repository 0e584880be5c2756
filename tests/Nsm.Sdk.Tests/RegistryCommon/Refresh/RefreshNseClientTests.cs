using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Begin;
using Nsm.Sdk.Registry.Common.Refresh;

namespace Nsm.Sdk.Tests.RegistryCommon.Refresh;

public sealed class RefreshNseClientTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Register_with_3_min_expiration_refreshes_at_2_min_and_stops_after_unregister()
    {
        var terminal = new RecordingNse(_clock, TimeSpan.FromMinutes(3));
        using var refresh = new RefreshNseClient();
        using var begin = new BeginNseClient();
        var chain = new NetworkServiceEndpointRegistryClientChain(begin, refresh, terminal);

        await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, new NsmContext(_clock));
        Assert.Equal(1, terminal.Registers);

        _clock.Advance(TimeSpan.FromSeconds(119));

        // A fake-clock timer fires inside Advance and a refresh timer disarms itself as it fires: still armed = not fired.
        Assert.Equal(1, refresh.Count);
        Assert.Equal(1, terminal.Registers);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => terminal.Registers == 2, "first refresh");
        Assert.Null(terminal.Seen[1].ExpirationTime); // begin clears it so the server decides anew

        _clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => terminal.Registers == 3, "second refresh");

        // Unregister cancels the timer (none is left to fire) and begin forgets the name (a stale replay is skipped).
        await chain.UnregisterAsync(new NetworkServiceEndpoint { Name = "nse" }, new NsmContext(_clock));
        Assert.Equal(0, refresh.Count);
        Assert.Equal(0, begin.Count);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, refresh.Count);
        Assert.Equal(3, terminal.Registers);
    }

    [Fact]
    public async Task Response_without_expiration_arms_nothing()
    {
        using var refresh = new RefreshNseClient();
        var chain = new NetworkServiceEndpointRegistryClientChain(refresh, new RecordingNse());
        await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "nse" }, new NsmContext(_clock));
        Assert.Equal(0, refresh.Count);
    }

    [Theory]
    [InlineData(180.0, null, 120.0)]
    [InlineData(60.0, 15.0, 36.0)]
    [InlineData(20.0, 15.0, 4.0)]
    [InlineData(20.0, 30.0, 13.333)]
    [InlineData(0.0, 15.0, 0.0)]
    public void Due_comes_before_the_registry_unregisters_at_expiration_minus_the_call_timeout(double remaining, double? callTimeout, double expected)
    {
        var due = RefreshNseClient.Due(TimeSpan.FromSeconds(remaining), callTimeout is { } t ? TimeSpan.FromSeconds(t) : null);
        Assert.Equal(expected, due.TotalSeconds, 2);
    }
}
