using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common.Expire;

/// <summary>One armed expiry timer; firing removes it (unless replaced meanwhile) and runs the Unregister.</summary>
internal sealed class ExpireSlot(ConcurrentDictionary<string, ITimer> timers, string name, Func<Task> unregister, ILogger logger)
{
    public ITimer? Timer { get; set; }

    public void Fire()
    {
        if (Timer is null || !timers.TryRemove(new KeyValuePair<string, ITimer>(name, Timer)))
        {
            return; // cancelled or re-armed meanwhile
        }

        Timer.Dispose();
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            RegistryCommonLog.Expired(logger, name);
            await unregister().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RegistryCommonLog.ExpireFailed(logger, name, ex);
        }
    }
}
