using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Tests.WireGuard;

public class WireGuardOptionsTests
{
    private static readonly WireGuardDeviceSpec Spec = new("nsmwg-1", "/run/netns/x", "nsm-1", WireGuardKey.Generate());

    [Fact]
    public void Defaults_are_valid()
    {
        new WireGuardDevicesOptions().Validate();
        Spec.Validate();
    }

    [Fact]
    public void Invalid_options_are_refused_at_build()
    {
        Assert.Throws<ArgumentException>(() => new WireGuardDevices(new WireGuardDevicesOptions { WireGuardGoPath = " " }));
        Assert.Throws<ArgumentException>(() => new WireGuardDevices(new WireGuardDevicesOptions { StopTimeout = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData("nsm-wireguard-123", "nsm-1", 0, 1420)]
    [InlineData("a/b", "nsm-1", 0, 1420)]
    [InlineData("wg1", "", 0, 1420)]
    [InlineData("wg1", "nsm-1", 70000, 1420)]
    [InlineData("wg1", "nsm-1", 0, 1000)]
    public void Invalid_specs_are_refused(string name, string target, int port, int mtu) =>
        Assert.Throws<ArgumentException>(() => (Spec with { Name = name, TargetName = target, ListenPort = port, Mtu = mtu }).Validate());

    [Fact]
    public void A_spec_prints_no_private_key() =>
        Assert.DoesNotContain(Spec.PrivateKey.ToBase64(), Spec.ToString(), StringComparison.Ordinal);
}
