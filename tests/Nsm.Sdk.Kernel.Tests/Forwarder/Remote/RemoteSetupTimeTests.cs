using System.Diagnostics;
using System.Globalization;
using Nsm.Sdk.Api.Mechanisms;
using Xunit.Abstractions;

namespace Nsm.Sdk.Kernel.Tests.Forwarder.Remote;

/// <summary>How long the two forwarders take to set up a remote connection (both devices, and the handshake for WireGuard).</summary>
public sealed class RemoteSetupTimeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(VxlanMechanism.MechanismType)]
    [InlineData(WireguardMechanism.MechanismType)]
    public async Task Setup_takes_well_under_a_second(string type)
    {
        await using var net = await NodeNetwork.CreateAsync(2, (_, o) => o with { Priority = [type] });
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var conn = await net.RequestAsync(0, 1, "conn-t" + i.ToString(CultureInfo.InvariantCulture), Payloads.IP);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await net.CloseAsync(0, 1, conn);
        }

        times.Sort();
        output.WriteLine($"{type} setup: p50 {times[4]:F1} ms, max {times[^1]:F1} ms (10 Requests)");
        Assert.True(times[4] < 1000, $"p50 {times[4]} ms");
    }
}
