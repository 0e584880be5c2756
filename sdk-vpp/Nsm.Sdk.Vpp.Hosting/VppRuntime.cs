using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>
/// A program's VPP: the external one at <c>NSM_VPP_API_SOCKET</c> when that socket exists; otherwise, when a
/// <c>vpp</c> binary is on PATH, a private one started with a generated startup.conf in a temp folder (stopped and
/// removed at exit); otherwise none (<see cref="VppStartupException"/>). Each private VPP has a folder of its own (API, CLI
/// and stats sockets, log) and a shared-memory prefix of its own (program name and pid), so several run side by side on
/// one machine. The connection is checked once at start (the message table's CRCs for every message the elements use).
/// </summary>
public sealed partial class VppRuntime : IAsyncDisposable
{
    private static readonly TimeSpan PrivateStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process? _process;
    private readonly string? _directory;

    private VppRuntime(VppClient client, string socketPath, Process? process, string? directory)
    {
        Client = client;
        SocketPath = socketPath;
        _process = process;
        _directory = directory;
    }

    /// <summary>Gets the client the elements call VPP through.</summary>
    public VppClient Client { get; }

    /// <summary>Gets the API socket in use.</summary>
    public string SocketPath { get; }

    /// <summary>Gets whether this process started the VPP.</summary>
    public bool IsPrivate => _process is not null;

    /// <summary>Connects to (or starts, then connects to) VPP.</summary>
    /// <param name="options">Which VPP, and the messages to check.</param>
    /// <param name="clock">The clock (start timeout, polling, the client's timers).</param>
    /// <param name="logger">Where the runtime and the client log.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The runtime; dispose it to disconnect (and stop a private VPP).</returns>
    /// <exception cref="VppStartupException">VPP is unreachable, speaks other messages, or a private vpp did not come up.</exception>
    public static async Task<VppRuntime> StartAsync(VppRuntimeOptions options, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var connectionOptions = new VppConnectionOptions
        {
            RequestTimeout = options.OperationTimeout < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : options.OperationTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ReconnectAttempts = 3,
            TimeProvider = clock,
            Logger = logger,
        };
        if (File.Exists(options.ApiSocket))
        {
            LogExternal(logger, options.ApiSocket);
            return await ConnectAsync(options.ApiSocket, options, connectionOptions, null, null, cancellationToken);
        }

        if (ExecutablePath.Find(options.SearchPath, "vpp") is not { } binary)
        {
            throw new VppStartupException($"VPP is not reachable at {options.ApiSocket}: no such socket, and no vpp binary on PATH to start one");
        }

        var directory = Directory.CreateTempSubdirectory(options.Program + "-").FullName;
        var socket = Path.Combine(directory, "api.sock");
        var conf = Path.Combine(directory, "startup.conf");
        await File.WriteAllTextAsync(conf, VppStartupConf.Render(directory, socket, options.Program + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, ArgumentList = { "-c", conf } };
        var process = Process.Start(start) ?? throw new VppStartupException($"VPP is not reachable at {options.ApiSocket}, and {binary} did not start");
        LogPrivate(logger, binary, conf, process.Id);
        try
        {
            await WaitForSocketAsync(process, socket, clock, cancellationToken);
            return await ConnectAsync(socket, options, connectionOptions, process, directory, cancellationToken);
        }
        catch
        {
            await StopAsync(process, directory);
            throw;
        }
    }

    /// <summary>Disconnects, and stops a private VPP and removes its folder.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_process is not null)
        {
            await StopAsync(_process, _directory);
        }
    }

    private static async Task<VppRuntime> ConnectAsync(string socket, VppRuntimeOptions options, VppConnectionOptions connectionOptions, Process? process, string? directory, CancellationToken cancellationToken)
    {
        // One check at start, quiet (the program's error line says what failed); the client then connects on first use
        // and reconnects after a VPP restart, logging through the program's logger.
        var quiet = new VppConnectionOptions { RequestTimeout = connectionOptions.RequestTimeout, ConnectTimeout = connectionOptions.ConnectTimeout, TimeProvider = connectionOptions.TimeProvider };
        try
        {
            await using var check = await VppConnection.ConnectAsync(socket, options.Name, options.Messages, quiet, cancellationToken);
        }
        catch (VppIncompatibleException e)
        {
            throw new VppStartupException(e.Message, e);
        }
        catch (Exception e) when (e is VppDisconnectedException or TimeoutException or VppApiException)
        {
            throw new VppStartupException($"VPP is not reachable at {socket}: {e.Message}", e);
        }

        return new VppRuntime(new VppClient(socket, options.Name, options.Messages, connectionOptions), socket, process, directory);
    }

    private static async Task WaitForSocketAsync(Process process, string socket, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + PrivateStartTimeout;
        while (!File.Exists(socket))
        {
            if (process.HasExited)
            {
                throw new VppStartupException($"VPP is not reachable at {socket}: the vpp it started exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}");
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new VppStartupException($"VPP is not reachable at {socket}: the vpp it started did not open its API socket within {PrivateStartTimeout}");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private static async Task StopAsync(Process process, string? directory)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
                await process.WaitForExitAsync(bound.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it would not die in time: nothing more this process can do.
        }
        finally
        {
            process.Dispose();
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "using the external VPP at {Socket}")]
    private static partial void LogExternal(ILogger logger, string socket);

    [LoggerMessage(Level = LogLevel.Information, Message = "starting a private VPP: {Binary} -c {Conf} (pid {Pid})")]
    private static partial void LogPrivate(ILogger logger, string binary, string conf, int pid);
}
