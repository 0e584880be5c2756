using System.ComponentModel;
using System.Diagnostics;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// One <c>wireguard-go -f NAME</c> process, started from a thread inside the underlay namespace (so its TUN and UDP
/// socket are born there). Where the machine has <c>/bin/sh</c> it is made to outlive this program: it runs in a
/// session of its own (<c>setsid</c> where present, so no signal to this program's process group reaches it) with its
/// standard input from /dev/null and its output appended to a log file beside its UAPI socket (no pipe to this program
/// that could break and kill it with SIGPIPE). Without a shell (the distroless images, where a container restart ends
/// every process anyway) it is started directly with its output read through pipes. The last lines of its output go
/// into error messages.
/// </summary>
internal sealed class WireGuardGoProcess : IDisposable
{
    private const int KeptLines = 20;

    // sh execs setsid, which execs wireguard-go: the process keeps the pid of the child this program started.
    private const string Shell = "/bin/sh";

    private const string Launcher =
        "mkdir -p \"$(dirname \"$2\")\" && if command -v setsid >/dev/null 2>&1; then exec setsid \"$0\" -f \"$1\" >>\"$2\" 2>&1 </dev/null; else exec \"$0\" -f \"$1\" >>\"$2\" 2>&1 </dev/null; fi";

    private readonly Process _process;
    private readonly Queue<string>? _piped;

    private WireGuardGoProcess(Process process, string? logPath)
    {
        _process = process;
        LogPath = logPath;
        if (logPath is null)
        {
            _piped = new();
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
    }

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the file wireguard-go's output goes to, or null when it is read through pipes.</summary>
    public string? LogPath { get; }

    /// <summary>Gets the last lines wireguard-go printed, joined.</summary>
    public string Output
    {
        get
        {
            if (_piped is null)
            {
                return ReadLog(LogPath!);
            }

            lock (_piped)
            {
                return string.Join(" | ", _piped);
            }
        }
    }

    /// <summary>The log file of the device whose UAPI socket is <paramref name="socketPath"/> (beside it).</summary>
    public static string LogPathFor(string socketPath) => Path.ChangeExtension(socketPath, ".log");

    /// <summary>
    /// Removes the log files in <paramref name="directory"/> that no running device has: no socket beside them and not
    /// written for <paramref name="age"/> (a wireguard-go that ended with its namespace, never disposed here).
    /// </summary>
    public static void SweepStaleLogs(string directory, TimeSpan age, TimeProvider clock)
    {
        try
        {
            foreach (var log in Directory.EnumerateFiles(directory, "*.log"))
            {
                if (!File.Exists(Path.ChangeExtension(log, ".sock")) && clock.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(log) > age)
                {
                    File.Delete(log);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the folder may not exist yet.
        }
    }

    /// <summary>The last lines of a log file, joined; empty when there is none.</summary>
    public static string ReadLog(string logPath)
    {
        try
        {
            return string.Join(" | ", File.ReadAllLines(logPath).Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(KeptLines).Select(l => l.Trim()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Starts wireguard-go in <paramref name="underlay"/> (null: this process's namespace), detached when <paramref name="detach"/> and the machine has a shell.</summary>
    /// <exception cref="WireGuardException">The program cannot be found or run.</exception>
    public static async Task<WireGuardGoProcess> StartAsync(string program, string name, string socketPath, NetNs? underlay, bool detach, CancellationToken cancellationToken)
    {
        var resolved = Resolve(program)
            ?? throw new WireGuardException($"cannot run '{program}' (not found): userspace WireGuard needs Debian's wireguard-go package (or WireGuardGoPath set to the program)");
        var detached = detach && File.Exists(Shell);
        var logPath = detached ? LogPathFor(socketPath) : null;
        ProcessStartInfo start;
        if (detached)
        {
            start = new ProcessStartInfo(Shell) { UseShellExecute = false };
            foreach (var argument in new[] { "-c", Launcher, resolved, name, logPath! })
            {
                start.ArgumentList.Add(argument);
            }

            File.Delete(logPath!);
        }
        else
        {
            start = new ProcessStartInfo(resolved) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(name);
        }

        // Only what wireguard-go reads: a detached one outlives the forwarder and must not carry its environment along.
        var path = start.Environment["PATH"];
        start.Environment.Clear();
        start.Environment["PATH"] = path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
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

        return process is null ? throw new WireGuardException($"'{program}' did not start") : new WireGuardGoProcess(process, logPath);
    }

    /// <summary>The full path of <paramref name="program"/> (a path, or a name looked up in <c>PATH</c>), or null.</summary>
    public static string? Resolve(string program) =>
        Path.IsPathRooted(program) || program.Contains('/', StringComparison.Ordinal)
            ? (File.Exists(program) ? Path.GetFullPath(program) : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

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
        if (string.IsNullOrWhiteSpace(line) || _piped is null)
        {
            return;
        }

        lock (_piped)
        {
            _piped.Enqueue(line.Trim());
            while (_piped.Count > KeptLines)
            {
                _piped.Dequeue();
            }
        }
    }
}
