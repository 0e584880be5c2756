using System.Globalization;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Common.Mechanisms.Kernel;

/// <summary>Options of <see cref="KernelMechanismClient"/> and <see cref="KernelMechanismServer"/>.</summary>
public sealed class KernelMechanismOptions
{
    /// <summary>
    /// Gets or sets the network-namespace URL written into <c>inodeURL</c>. Default
    /// <c>file:///proc/thread-self/ns/net</c> (as upstream; only meaningful to a forwarder that receives the file
    /// descriptor). When the forwarder runs in another process, give a path it can open, e.g.
    /// <see cref="ForProcess"/> (<c>file:///proc/&lt;pid&gt;/ns/net</c>) or <see cref="ForNamedNetNS"/>
    /// (<c>file:///run/netns/&lt;name&gt;</c>). Must be an absolute <c>file:</c> or <c>inode:</c> URL.
    /// </summary>
    public string NetNSUrl { get; set; } = KernelMechanism.ThreadSelfNetNSUrl;

    /// <summary>
    /// Gets or sets a fixed interface name, cut to 15 characters. Default null: a name already in the mechanism is
    /// kept, otherwise one is generated with <see cref="InterfaceNameGenerator"/>.
    /// </summary>
    public string? InterfaceName { get; set; }

    /// <summary>
    /// Gets or sets the generator called with the network service name. Default null:
    /// <c>&lt;service[:10]&gt;-&lt;random&gt;</c> (15 characters). Results longer than 15 are cut.
    /// </summary>
    public Func<string, string>? InterfaceNameGenerator { get; set; }

    /// <summary>
    /// Gets or sets the MTU written into the mechanism's <c>MTU</c> parameter when it has none. Default null: the
    /// parameter is passed through untouched.
    /// </summary>
    public uint? Mtu { get; set; }

    /// <summary>The netns URL of another process: <c>file:///proc/&lt;pid&gt;/ns/net</c>.</summary>
    /// <param name="pid">The process id (e.g. <c>Environment.ProcessId</c>).</param>
    public static string ForProcess(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return string.Create(CultureInfo.InvariantCulture, $"file:///proc/{pid}/ns/net");
    }

    /// <summary>The netns URL of a named namespace (<c>ip netns add</c>): <c>file:///run/netns/&lt;name&gt;</c>.</summary>
    /// <param name="name">The namespace name.</param>
    public static string ForNamedNetNS(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("a netns name cannot contain '/'", nameof(name));
        }

        return "file:///run/netns/" + Uri.EscapeDataString(name);
    }

    /// <summary>The netns URL of an absolute path, e.g. a bind-mounted namespace file.</summary>
    /// <param name="path">The absolute path.</param>
    public static string ForPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return System.IO.Path.IsPathRooted(path)
            ? new UriBuilder { Scheme = KernelMechanism.NetNSUrlScheme, Host = string.Empty, Path = path }.Uri.AbsoluteUri
            : throw new ArgumentException("the netns path must be absolute", nameof(path));
    }

    /// <summary>Checks the options; called by the elements' constructors.</summary>
    internal void Validate()
    {
        // Checked on the text: on Unix, Uri also accepts a bare absolute path as a file URI.
        var hasScheme = NetNSUrl is not null
            && (NetNSUrl.StartsWith("file://", StringComparison.Ordinal) || NetNSUrl.StartsWith("inode://", StringComparison.Ordinal));
        if (!hasScheme || !Uri.TryCreate(NetNSUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"NetNSUrl must be an absolute file: or inode: URL, got '{NetNSUrl}'", nameof(NetNSUrl));
        }
    }
}
