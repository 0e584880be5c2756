using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

/// <summary>A caller resolver that gives every caller the same ID (or none).</summary>
internal sealed class FixedCallerResolver(string? id) : ICallerResolver
{
    public int Calls { get; private set; }

    public SpiffeId? Resolve(UnixPeerCredentials caller, string trustDomain)
    {
        Calls++;
        Assert.Equal(Environment.ProcessId, caller.Pid);
        return id is null ? null : SpiffeId.Parse(id);
    }
}

/// <summary>A private temp folder for sockets, deleted on dispose.</summary>
internal sealed class TempSocketDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-spiffe-" + Guid.NewGuid().ToString("N")[..8]);

    public TempSocketDir() => Directory.CreateDirectory(Path);

    public string Socket(string name) => System.IO.Path.Combine(Path, name + ".sock");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class Eventually
{
    /// <summary>Advances the fake clock by <paramref name="step"/> until <paramref name="done"/> (real-time bounded: 10 s).</summary>
    public static async Task AdvanceUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan step, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            clock.Advance(step);
            await Task.Delay(20);
        }
    }
}
