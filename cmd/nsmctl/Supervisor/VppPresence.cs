using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Whether a container of a VPP program can have a VPP: its <c>NSM_VPP_API_SOCKET</c> (default upstream's
/// <c>/var/run/vpp/external/vpp-api.sock</c>) is an existing socket, or a <c>vpp</c> binary is on nsmctl's PATH (the
/// program then starts its own).
/// </summary>
internal static class VppPresence
{
    /// <summary>Upstream's default external VPP socket.</summary>
    public const string DefaultApiSocket = "/var/run/vpp/external/vpp-api.sock";

    /// <summary>Gets whether a VPP can be had for the container.</summary>
    /// <param name="container">The container's manifest (its <c>env</c>).</param>
    /// <param name="searchPath">The PATH a private vpp is looked for in.</param>
    /// <returns>Whether the VPP program can run.</returns>
    public static bool IsAvailable(JsonObject container, string? searchPath)
    {
        ArgumentNullException.ThrowIfNull(container);
        var socket = (container["env"] as JsonArray)?.OfType<JsonObject>()
            .Where(e => Json.String(e["name"]) == "NSM_VPP_API_SOCKET")
            .Select(e => Json.String(e["value"]))
            .LastOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? DefaultApiSocket;
        return File.Exists(socket) || ExecutablePath.Find(searchPath, "vpp") is not null;
    }
}
