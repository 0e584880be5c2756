using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Tests;

public sealed class NsmctlSocketPathTests
{
    [Fact]
    public void A_listen_socket_keeps_its_readable_name_while_it_fits_and_gets_a_short_one_when_not()
    {
        Assert.Equal("/run/nsm/mesh/default.nse.nse.sock", PodRuntime.ListenSocketPath("/run/nsm/mesh", "default", "nse", "nse"));

        var deep = "/tmp/nsmb-11187/nsmctl-remote-vxlan/nodes/worker-2/mesh";
        var path = PodRuntime.ListenSocketPath(deep, "nsm-system", "forwarder-kernel-pbg65", "forwarder-kernel");
        Assert.StartsWith(deep + "/", path, StringComparison.Ordinal);
        Assert.True(path.Length <= 107, path);
        Assert.Equal(path, PodRuntime.ListenSocketPath(deep, "nsm-system", "forwarder-kernel-pbg65", "forwarder-kernel"));
        Assert.NotEqual(path, PodRuntime.ListenSocketPath(deep, "nsm-system", "forwarder-kernel-xkdtq", "forwarder-kernel"));
    }
}
