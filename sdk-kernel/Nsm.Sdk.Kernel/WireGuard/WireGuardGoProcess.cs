using System.ComponentModel;
using System.Diagnostics;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// One <c>wireguard-go -f NAME</c> process, started from a thread inside the underlay namespace (so its TUN and
/// UDP socket are born there), with its output kept for error messages.
/// </summary>
internal sealed class WireGuardGoProcess : IDisposable
{
    private const int KeptLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private WireGuardGoProcess(Process process) => _process = process;

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the last lines wireguard-go printed, joined.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(" | ", _output);
            }
        }
    }

    /// <summary>Starts wireguard-go in <paramref name="underlay"/> (null: this process's namespace).</summary>
    /// <exception cref="WireGuardException">The program cannot be run.</exception>
    public static async Task<WireGuardGoProcess> StartAsync(string program, string name, NetNs? underlay, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(name);
        start.Environment["WG_PROCESS_FOREGROUND"] = "1";
        start.Environment["LOG_LEVEL"] = "error";
        Process? process;
        try
        {
            process = underlay is null
                ? Process.Start(start)
                : await underlay.RunInAsync(() => Process.Start(start), cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new WireGuardException($"cannot run '{program}' ({e.Message}): userspace WireGuard needs Debian's wireguard-go package (or WireGuardGoPath set to the program)", e);
        }

        if (process is null)
        {
            throw new WireGuardException($"'{program}' did not start");
        }

        var wg = new WireGuardGoProcess(process);
        process.OutputDataReceived += (_, e) => wg.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => wg.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wg;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; true if it has.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, TimeProvider clock)
    {
        using var cts = new CancellationTokenSource(timeout, clock);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>Kills the process (SIGKILL) and reaps it.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _process.Dispose();

    private void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line.Trim());
            while (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
