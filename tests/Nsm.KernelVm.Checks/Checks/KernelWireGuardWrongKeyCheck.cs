using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>A kernel device whose peer key is wrong: no handshake, and the diagnosis says the keys do not match.</summary>
internal sealed class KernelWireGuardWrongKeyCheck : KernelCheck
{
    public override string Name => "wireguard-kernel-wrong-key";

    public override async Task RunAsync(CheckContext context)
    {
        var pair = await KernelWireGuardPair.CreateAsync(context, peerKeyOfA: WireGuardKey.Generate().PublicKey);
        try
        {
            var result = await pair.A!.WaitForHandshakeAsync(TimeSpan.FromSeconds(2), context.CancellationToken);
            Expect.Equal(WireGuardFailure.WrongKey, result.Failure, "diagnosis (" + result.Message + ")");
        }
        finally
        {
            await pair.DisposeDevicesAsync();
        }
    }
}
