namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// One container of a pod: either one of our programs (a <see cref="ManagedProcess"/>), or an image nsmctl does not
/// run (its pod's namespace is all there is; <c>exec</c> runs the host's tools in it), or an NSM image we have no
/// program for (waiting, with a reason).
/// </summary>
internal sealed class ContainerInstance(string name, string image, ProgramRole? program)
{
    public string Name { get; } = name;

    public string Image { get; } = image;

    /// <summary>Gets the program it runs; null for images that are not run.</summary>
    public ProgramRole? Program { get; } = program;

    public ManagedProcess? Process { get; set; }

    /// <summary>Gets or sets why the container does not run (NoProgramForImage, ProgramNotBuilt), or null.</summary>
    public string? WaitingReason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Gets or sets the socket the program serves on (for Services), or null.</summary>
    public string? ListenSocket { get; set; }

    /// <summary>Gets or sets the container's volumeMounts that are elsewhere on this machine (for exec's private mounts).</summary>
    public IReadOnlyList<VolumeMount> Mounts { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether it is injected by nsmctl (the NSC the annotation asks for).</summary>
    public bool Injected { get; init; }

    public bool Ready => WaitingReason is null && (Process is null ? Program is null || Program == ProgramRole.Inert : Process.Ready);

    public int Restarts => Process?.Restarts ?? 0;

    public string? State => WaitingReason ?? Process?.Waiting;
}
