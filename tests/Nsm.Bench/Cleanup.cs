using System.Diagnostics;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>Everything the bench creates (nsmb-* namespaces, child processes, a temp dir), removed at the end, on failure and on Ctrl+C.</summary>
internal sealed class Cleanup : IAsyncDisposable
{
    /// <summary>Namespace prefix: <c>nsmb-</c>, or NSMB_PREFIX so that two runs on one machine stay apart.</summary>
    public static readonly string Prefix = Environment.GetEnvironmentVariable("NSMB_PREFIX") is { Length: > 0 } p ? p : "nsmb-";
    private readonly List<string> _namespaces = [];
    private readonly List<Process> _processes = [];
    private readonly Lock _lock = new();
    private int _done;

    public Cleanup()
    {
        Dir = Path.Combine(Path.GetTempPath(), "nsmb-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    /// <summary>Removes namespaces left by an earlier, killed run.</summary>
    public static void RemoveStale()
    {
        if (!Directory.Exists(NetNs.RunDir))
        {
            return;
        }

        foreach (var path in Directory.GetFiles(NetNs.RunDir, Prefix + "*"))
        {
            TryDeleteNamespace(Path.GetFileName(path));
        }
    }

    public async Task<NetNs> CreateNamespaceAsync(string name, CancellationToken ct)
    {
        if (NetNs.Exists(name))
        {
            TryDeleteNamespace(name);
        }

        lock (_lock)
        {
            _namespaces.Add(name);
        }

        var ns = await NetNs.CreateAsync(name, ct);
        return ns;
    }

    public void Track(Process process)
    {
        lock (_lock)
        {
            _processes.Add(process);
        }
    }

    /// <summary>Stops one tracked process (SIGTERM via Kill of the tree after a grace period).</summary>
    public static async Task StopAsync(Process p, TimeSpan grace)
    {
        try
        {
            if (p.HasExited)
            {
                return;
            }

            // SIGTERM lets the host shut down (close connections, remove sockets).
            _ = Nsm.Bench.Signals.Kill(p.Id, Nsm.Bench.Signals.SIGTERM);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }

        List<Process> processes;
        List<string> namespaces;
        lock (_lock)
        {
            processes = [.. _processes];
            namespaces = [.. _namespaces];
        }

        processes.Reverse();
        foreach (var p in processes)
        {
            await StopAsync(p, TimeSpan.FromSeconds(3));
            p.Dispose();
        }

        foreach (var name in namespaces)
        {
            TryDeleteNamespace(name);
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Synchronous last resort (ProcessExit / Ctrl+C).</summary>
    public void DisposeNow() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static void TryDeleteNamespace(string name)
    {
        try
        {
            if (NetNs.Exists(name))
            {
                NetNs.Delete(name);
            }
        }
        catch (NetNsException ex)
        {
            Console.Error.WriteLine($"cleanup: {ex.Message}");
        }
    }
}

/// <summary>kill(2).</summary>
internal static partial class Signals
{
    public const int SIGTERM = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
