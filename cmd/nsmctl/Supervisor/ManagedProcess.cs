using System.Diagnostics;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// One container's process, run as a kubelet runs it: its output appended to the container's log, restarted with
/// a backoff (0.5 s doubling to 10 s, back to 0.5 s after 10 s of running) whenever it exits, until stopped.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly string _logPath;
    private readonly string? _readyMarker;
    private readonly TimeProvider _time;
    private readonly Action<string>? _onExit;
    private readonly Ledger? _ledger;
    private readonly Action<int, bool>? _pidChanged;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Task _loop;
    private Process? _process;
    private volatile bool _markerSeen;

    /// <summary>The ledger kind of the processes' pids (a supervisor that died leaves them for <c>down</c>).</summary>
    public const string LedgerKind = "pid";

    /// <summary>Starts running the process; <paramref name="pidChanged"/> is told each process id when it started (true) and when it exited (false).</summary>
    public ManagedProcess(Func<ProcessStartInfo> startInfo, string logPath, string? readyMarker, TimeProvider time, Ledger? ledger = null, Action<string>? onExit = null, Action<int, bool>? pidChanged = null)
    {
        _ledger = ledger;
        _pidChanged = pidChanged;
        _startInfo = startInfo;
        _logPath = logPath;
        _readyMarker = readyMarker;
        _time = time;
        _onExit = onExit;
        _loop = Task.Run(RunAsync);
    }

    public int Restarts { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public int? LastExitCode { get; private set; }

    /// <summary>Gets the reason the process is not running (CrashLoopBackOff, StartError), or null.</summary>
    public string? Waiting { get; private set; } = "ContainerCreating";

    public int? Pid
    {
        get
        {
            lock (_lock)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    /// <summary>Gets a value indicating whether the process runs and (when the program has one) has logged its ready line.</summary>
    public bool Ready => Pid is not null && (_readyMarker is null || _markerSeen);

    private async Task RunAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!_stop.IsCancellationRequested)
        {
            var started = _time.GetUtcNow();
            try
            {
                await RunOnceAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                Append($"nsmctl: cannot start: {ex.Message}");
                Waiting = "StartError";
            }

            if (_stop.IsCancellationRequested)
            {
                break;
            }

            Restarts++;
            Waiting = "CrashLoopBackOff";
            _onExit?.Invoke($"exited with {LastExitCode}; restart {Restarts} in {backoff.TotalSeconds:0.#} s");
            backoff = _time.GetUtcNow() - started > MaxBackoff ? TimeSpan.FromMilliseconds(500) : backoff;
            try
            {
                await Task.Delay(backoff, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        }
    }

    private async Task RunOnceAsync()
    {
        var info = _startInfo();
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        _markerSeen = false;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            process.Start();
            _process = process;
            _pidChanged?.Invoke(process.Id, true);
        }

        var pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ledger?.Add(LedgerKind, pid);

        StartedAt = _time.GetUtcNow();
        Waiting = null;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(CancellationToken.None);
        LastExitCode = process.ExitCode;
        _pidChanged?.Invoke(process.Id, false);
        _ledger?.Remove(LedgerKind, pid);
        lock (_lock)
        {
            _process = null;
        }

        process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (_readyMarker is not null && !_markerSeen && line.Contains(_readyMarker, StringComparison.Ordinal))
        {
            _markerSeen = true;
        }

        Append(line);
    }

    private void Append(string line)
    {
        lock (_logPath)
        {
            File.AppendAllText(_logPath, line + "\n");
        }
    }

    /// <summary>Stops the process: SIGTERM, then SIGKILL after <paramref name="grace"/>; no restart afterwards.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Process? p;
        lock (_lock)
        {
            _stop.Cancel();
            p = _process;
        }

        if (p is not null)
        {
            try
            {
                if (!p.HasExited)
                {
                    _ = NativeMethods.Kill(p.Id, NativeMethods.SigTerm);
                }

                using var timeout = new CancellationTokenSource(grace, TimeProvider.System);
                await p.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        await _loop;
    }

    /// <summary>Kills a process a dead supervisor left, if it is still one of ours (its environment names the state folder).</summary>
    public static void KillLeftover(int pid, string stateRoot)
    {
        try
        {
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            if (environ.Contains(stateRoot, StringComparison.Ordinal))
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(3000);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(3));
        _stop.Dispose();
    }
}
