using Nsm.Cmd.ForwarderVpp;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Testing;
using Nsm.Vpp.Testing;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

public sealed class ForwarderVppRegistrationTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Against_a_fake_vpp_it_starts_and_registers_with_the_nsmgr_as_a_forwarder()
    {
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Insecure = true });
        var node = domain.Nodes[0];
        await using var vpp = FakeVpp.Start(Path.Combine(domain.Dir, "vpp-api.sock"));
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NSM_NAME"] = "forwarder-vpp-test",
            ["NSM_CONNECT_TO"] = node.Nsmgr.Url.ToString(),
            ["NSM_LISTEN_ON"] = domain.NewUrl("forwarder-vpp").ToString(),
            ["NSM_TUNNEL_IP"] = "10.0.2.1",
            ["NSM_VPP_API_SOCKET"] = vpp.SocketPath,
            ["NSM_INSECURE"] = "true",
        };
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var run = ForwarderVppProgram.RunAsync([], new NsmEnvironment(env.GetValueOrDefault), error, stop.Token);

        using var bound = new CancellationTokenSource(Bounded, TimeProvider.System);
        while ((await domain.FindEndpointsAsync("forwarder-vpp-test")).Count == 0)
        {
            Assert.False(run.IsCompleted, "the forwarder stopped: " + error);
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, bound.Token));
        }

        var registered = Assert.Single(await domain.FindEndpointsAsync("forwarder-vpp-test"));
        Assert.Equal(["forwarder"], registered.NetworkServiceNames);
        Assert.NotEmpty(vpp.Received); // the CRC check at start
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Bounded, TimeProvider.System));
        Assert.Equal(string.Empty, error.ToString());
    }
}
