using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>A wireguard-go device: its UAPI socket, and its process when this program started it.</summary>
internal sealed class UapiControl(WireGuardUapi uapi, WireGuardGoProcess? process) : WireGuardControl
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public override WireGuardImplementation Implementation => WireGuardImplementation.WireGuardGo;

    public override int ProcessId => process?.Id ?? 0;

    public override Task SetAsync(WireGuardSettings settings, CancellationToken cancellationToken) => uapi.SetAsync(settings, cancellationToken);

    public override Task<WireGuardStatus> GetAsync(CancellationToken cancellationToken) => uapi.GetAsync(cancellationToken);

    public override Task SetKeepaliveAsync(WireGuardKey peer, int seconds, CancellationToken cancellationToken) =>
        uapi.SetRawAsync(WireGuardUapiText.SetKeepalive(peer, seconds), cancellationToken);

    public override async Task StopAsync(string name, WireGuardDevicesOptions options, ILogger logger)
    {
        var clock = options.Clock ?? TimeProvider.System;
        if (process is not null)
        {
            if (!await process.WaitForExitAsync(options.StopTimeout, clock).ConfigureAwait(false))
            {
                WireGuardLog.Killed(logger, name, process.Id, options.StopTimeout);
                await process.KillAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }
        else
        {
            // Not our child (started by an earlier life of this program): it removes its socket as it exits.
            var started = clock.GetTimestamp();
            while (File.Exists(uapi.SocketPath) && clock.GetElapsedTime(started) < options.StopTimeout)
            {
                await Task.Delay(Poll, clock, CancellationToken.None).ConfigureAwait(false);
            }
        }

        File.Delete(uapi.SocketPath);
        File.Delete(WireGuardGoProcess.LogPathFor(uapi.SocketPath));
    }
}
