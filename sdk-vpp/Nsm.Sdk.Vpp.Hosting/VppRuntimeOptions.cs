using Nsm.Sdk.Hosting;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>Which VPP a program uses and how it talks to it (upstream's <c>NSM_VPP_*</c> variables).</summary>
public sealed record VppRuntimeOptions
{
    /// <summary>Upstream's default external VPP socket (the host's <c>/var/run/vpp</c> mounted at <c>/var/run/vpp/external</c>).</summary>
    public const string DefaultApiSocket = "/var/run/vpp/external/vpp-api.sock";

    /// <summary>Gets the program's name (e.g. <c>nsm-forwarder-vpp</c>): a private VPP's folder and shared-memory prefix start with it.</summary>
    public required string Program { get; init; }

    /// <summary>Gets the client name VPP sees (the program's NSM_NAME).</summary>
    public required string Name { get; init; }

    /// <summary>Gets NSM_VPP_API_SOCKET: an external VPP's API socket (default <see cref="DefaultApiSocket"/>).</summary>
    public string ApiSocket { get; init; } = DefaultApiSocket;

    /// <summary>Gets NSM_VPP_MIN_OPERATION_TIMEOUT: how long each VPP call may take at least (default 2s).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the PATH value a private <c>vpp</c> is looked for in (null: none is started).</summary>
    public string? SearchPath { get; init; }

    /// <summary>Gets the messages the program's elements use (their CRCs are checked once at start).</summary>
    public required IReadOnlyList<VppMessageRef> Messages { get; init; }

    /// <summary>Reads the options from the environment.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="program">The program's name.</param>
    /// <param name="name">The client name VPP sees.</param>
    /// <param name="messages">The messages the program's elements use.</param>
    /// <returns>The options.</returns>
    /// <exception cref="NsmConfigurationException">A value is malformed.</exception>
    public static VppRuntimeOptions FromEnvironment(NsmEnvironment env, string program, string name, IReadOnlyList<VppMessageRef> messages)
    {
        ArgumentNullException.ThrowIfNull(env);
        var socket = env.GetString("NSM_VPP_API_SOCKET", DefaultApiSocket);
        return new VppRuntimeOptions
        {
            Program = program,
            Name = name,
            ApiSocket = string.IsNullOrWhiteSpace(socket) ? DefaultApiSocket : socket.Trim(),
            OperationTimeout = env.GetDuration("NSM_VPP_MIN_OPERATION_TIMEOUT", TimeSpan.FromSeconds(2)),
            SearchPath = env.GetRaw("PATH"),
            Messages = messages,
        };
    }

    /// <summary>Throws when a value is missing or out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Program, nameof(Program));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentException.ThrowIfNullOrWhiteSpace(ApiSocket, nameof(ApiSocket));
        ArgumentOutOfRangeException.ThrowIfLessThan(OperationTimeout, TimeSpan.Zero, nameof(OperationTimeout));
        ArgumentNullException.ThrowIfNull(Messages, nameof(Messages));
    }

    /// <summary>Gets the options as one log line.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"vppApiSocket={ApiSocket} vppOperationTimeout={OperationTimeout}";
}
