using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>
/// After a "restart" (a new <see cref="WireGuardDevices"/>), <see cref="WireGuardDevices.TryAdoptAsync"/> takes over a
/// kernel device: same interface, key, port and peer, the tunnel still carries ping; disposing the adopted device
/// deletes it.
/// </summary>
internal sealed class KernelWireGuardAdoptCheck : KernelCheck
{
    public override string Name => "wireguard-kernel-adopt";

    public override async Task RunAsync(CheckContext context)
    {
        var ct = context.CancellationToken;
        var pair = await KernelWireGuardPair.CreateAsync(context);
        WireGuardDevice? adopted = null;
        try
        {
            Expect.True((await pair.A!.WaitForHandshakeAsync(TimeSpan.FromSeconds(5), ct)).Completed, "no handshake");
            var restarted = new WireGuardDevices(new WireGuardDevicesOptions { PreferKernel = true });
            adopted = await restarted.TryAdoptAsync(pair.A.Name, pair.PodA.Path, "nsm-1", pair.NodeA.Path, ct);
            Expect.True(adopted is not null, "the device was not taken over");
            Expect.True(adopted!.Adopted, "Adopted");
            Expect.Equal(WireGuardImplementation.Kernel, adopted.Implementation, "implementation");
            Expect.Equal(pair.A.TargetIndex, adopted.TargetIndex, "interface index");
            Expect.Equal(pair.KeyA.PublicKey, adopted.PublicKey, "public key");
            Expect.Equal(KernelWireGuardPair.PortA, adopted.ListenPort, "port");
            Expect.Equal(pair.KeyB.PublicKey, adopted.Peer?.PublicKey, "peer");
            Expect.True(await KernelWireGuardPair.PingAsync(pair.PodA, "172.16.1.101", ct), "ping through the adopted device failed");
            Expect.True((await adopted.WaitForHandshakeAsync(TimeSpan.FromSeconds(2), ct)).Completed, "the adopted device reports no handshake");
            Expect.True(await restarted.TryAdoptAsync("nsmwgnone", pair.PodA.Path, "nsm-9", pair.NodeA.Path, ct) is null, "an absent interface was taken over");
            await adopted.DisposeAsync();
            Expect.True(await pair.PodANetlink.TryGetLinkAsync("nsm-1", ct) is null, "the adopted device's interface is left");
        }
        finally
        {
            pair.A = null; // the adopted object owned it
            await pair.DisposeDevicesAsync();
        }
    }
}
