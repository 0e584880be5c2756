using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Tests;

/// <summary>nsmctl runs the VPP NSEs' images as our VPP programs when a VPP can be had, else as the kernel ones with a warning.</summary>
public sealed class NsmctlVppProgramTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsmctl-vpp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("ghcr.io/networkservicemesh/cmd-nse-firewall-vpp:v1.11.0", "nse-firewall-vpp", "nse-firewall")]
    [InlineData("ghcr.io/networkservicemesh/ci/cmd-nse-vlan-vpp:v1", "nse-vlan-vpp", "nse-vlan")]
    [InlineData("nsm-sdk/cmd-nse-vlan-vpp:0.1.0", "nse-vlan-vpp", "nse-vlan")]
    public void A_vpp_nse_image_runs_the_vpp_program_only_when_a_vpp_can_be_had(string image, string withVpp, string without)
    {
        var vpp = ProgramCatalog.Find(image, () => true);
        Assert.Equal((withVpp, (string?)null), (vpp.Program?.Role, vpp.Warning));
        Assert.True(vpp.Program!.IsEndpoint);

        var kernel = ProgramCatalog.Find(image, () => false);
        Assert.Equal(without, kernel.Program?.Role);
        Assert.Contains("runs as " + without, kernel.Warning, StringComparison.Ordinal);
        Assert.Equal(kernel, ProgramCatalog.Find(image));
    }

    [Fact]
    public void The_vpp_forwarder_runs_where_a_vpp_can_be_had_else_the_kernel_one_with_a_warning()
    {
        var withVpp = ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-forwarder-vpp:v1.11.0", () => true);
        Assert.Equal((ProgramRole.ForwarderVpp, (string?)null), (withVpp.Program, withVpp.Warning));
        Assert.True(withVpp.Program!.IsForwarder);
        var own = ProgramCatalog.Find("nsm-sdk/cmd-forwarder-vpp:0.1.0", () => true);
        Assert.Equal(ProgramRole.ForwarderVpp, own.Program);

        var without = ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-forwarder-vpp:v1.11.0", () => false);
        Assert.Equal(ProgramRole.ForwarderKernel, without.Program);
        Assert.Contains("runs as forwarder-kernel", without.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vpp_is_a_vpp_binary_on_path_or_the_containers_existing_api_socket()
    {
        var container = new JsonObject { ["name"] = "nse", ["env"] = new JsonArray() };
        Assert.False(VppPresence.IsAvailable(container, _dir));

        var socket = Path.Combine(_dir, "vpp-api.sock");
        File.WriteAllText(socket, "");
        ((JsonArray)container["env"]!).Add(new JsonObject { ["name"] = "NSM_VPP_API_SOCKET", ["value"] = socket });
        Assert.True(VppPresence.IsAvailable(container, _dir));

        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "vpp"), "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "vpp"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        Assert.True(VppPresence.IsAvailable(new JsonObject { ["name"] = "nse" }, "/nonexistent:" + bin));
    }
}
