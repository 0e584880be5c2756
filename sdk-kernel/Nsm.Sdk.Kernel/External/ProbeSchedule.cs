namespace Nsm.Sdk.Kernel.External;

/// <summary>
/// When probes go out and how long answers are waited for: <c>count</c> probes <c>interval</c> apart, and the
/// interval once more after the last one (RFC 5227's PROBE_NUM, PROBE_MIN/MAX and ANNOUNCE_WAIT, shortened); time
/// from the <see cref="TimeProvider"/>. An answer ends the wait at once.
/// </summary>
internal static class ProbeSchedule
{
    /// <summary>Sends the probes until <paramref name="answered"/> completes with true or the schedule ends.</summary>
    /// <returns>True when an answer came.</returns>
    public static async Task<bool> RunAsync(int count, TimeSpan interval, TimeProvider clock, Func<CancellationToken, ValueTask> send, Task<bool> answered, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            // The interval starts as the probe goes out: its timer exists before the probe does (so a clock that moves
            // as soon as the probe is seen cannot move past a timer not yet made).
            var wait = Task.Delay(interval, clock, cancellationToken);
            await send(cancellationToken).ConfigureAwait(false);
            await Task.WhenAny(answered, wait).ConfigureAwait(false);
            if (answered is { IsCompletedSuccessfully: true, Result: true })
            {
                return true;
            }

            await wait.ConfigureAwait(false);
        }

        return answered is { IsCompletedSuccessfully: true, Result: true };
    }
}
