using System.CommandLine;
using Nsm.Cmd.Nsmctl.Protocol;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>What a command needs: the state folder, the supervisor client, and starting the supervisor when asked.</summary>
internal sealed class CliContext(ParseResult parse)
{
    public StateLayout Layout { get; } = new(StateLayout.Resolve(parse.GetValue(GlobalOptions.State)));

    public string? ProgramsDir { get; } = parse.GetValue(GlobalOptions.Programs) ?? Environment.GetEnvironmentVariable("NSMCTL_PROGRAMS");

    public SupervisorClient Client => new(Layout.Socket);

    public TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>Starts the supervisor in the background unless it answers already.</summary>
    public Task EnsureSupervisorAsync(CancellationToken ct, IReadOnlyList<string>? supervisorArgs = null) => SupervisorLauncher.EnsureAsync(Layout, ProgramsDir, Time, ct, supervisorArgs);
}
