namespace Nsm.Sdk.Testing;

/// <summary>Waits for background work that runs on the real clock (the sandbox's servers and sockets).</summary>
internal static class SandboxWait
{
    /// <summary>How long a condition may take before the wait fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 5 ms.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="because">What is waited for (in the failure message).</param>
    /// <returns>A task that completes when the condition holds.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within <see cref="Timeout"/>.</exception>
    public static async Task HoldsAsync(Func<bool> condition, string because)
    {
        var clock = TimeProvider.System; // real time on purpose: the sandbox's sockets and servers run on it
        var start = clock.GetTimestamp();
        while (!condition())
        {
            if (clock.GetElapsedTime(start) > Timeout)
            {
                throw new TimeoutException("timed out waiting for " + because);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), clock).ConfigureAwait(false);
        }
    }
}
