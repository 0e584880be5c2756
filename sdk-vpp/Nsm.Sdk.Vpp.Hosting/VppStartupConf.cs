using System.Text;

namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>
/// The startup.conf of a private VPP: in the foreground, its sockets in one folder, only the plugins NSM uses, memory on
/// ordinary 4K pages (a node needs no hugepages) and an idle main loop that sleeps 100 µs between polls (VPP would
/// otherwise spin a whole core even with no traffic).
/// </summary>
public static class VppStartupConf
{
    /// <summary>The plugins the NSM VPP elements need (everything else stays disabled).</summary>
    public static readonly IReadOnlyList<string> Plugins =
        ["af_packet_plugin.so", "memif_plugin.so", "vxlan_plugin.so", "wireguard_plugin.so", "acl_plugin.so", "ping_plugin.so", "l3xc_plugin.so"];

    /// <summary>Renders the configuration.</summary>
    /// <param name="directory">The folder of the CLI, API and stats sockets and the log (one per VPP).</param>
    /// <param name="apiSocket">The API socket path.</param>
    /// <param name="prefix">The shared-memory prefix (unique per VPP so two VPPs never share a segment).</param>
    /// <param name="pluginPath">The plugin folder, or null for the one VPP was built with.</param>
    /// <returns>The file's text.</returns>
    public static string Render(string directory, string apiSocket, string prefix, string? pluginPath = null)
    {
        var text = new StringBuilder();
        text.Append("unix {\n  nodaemon\n  cli-listen ").Append(Path.Combine(directory, "cli.sock"))
            .Append("\n  log ").Append(Path.Combine(directory, "vpp.log"))
            .Append("\n  runtime-dir ").Append(directory)
            .Append("\n  poll-sleep-usec 100\n}\n");
        text.Append("api-segment {\n  prefix ").Append(prefix).Append("\n}\n");
        text.Append("socksvr {\n  socket-name ").Append(apiSocket).Append("\n}\n");
        text.Append("statseg {\n  socket-name ").Append(Path.Combine(directory, "stats.sock")).Append("\n  page-size 4K\n}\n");
        text.Append("memory {\n  main-heap-size 512M\n  main-heap-page-size 4K\n}\n");
        text.Append("buffers {\n  buffers-per-numa 16384\n  page-size 4K\n}\n");
        text.Append("plugins {\n");
        if (!string.IsNullOrEmpty(pluginPath))
        {
            text.Append("  path ").Append(pluginPath).Append('\n');
        }

        text.Append("  plugin default { disable }\n");
        foreach (var plugin in Plugins)
        {
            text.Append("  plugin ").Append(plugin).Append(" { enable }\n");
        }

        return text.Append("}\n").ToString();
    }
}
