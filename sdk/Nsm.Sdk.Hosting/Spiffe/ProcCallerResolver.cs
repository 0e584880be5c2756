using System.Text;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// The default <see cref="ICallerResolver"/>: names a caller from <c>/proc/&lt;pid&gt;</c> as
/// <c>spiffe://&lt;trust-domain&gt;/ns/&lt;ns&gt;/pod/&lt;name&gt;</c>, where <c>ns</c> is <c>host</c> when the caller shares the
/// server's network namespace and <c>netns-&lt;inode&gt;</c> otherwise, and <c>name</c> is the process name
/// (<c>/proc/&lt;pid&gt;/comm</c>, reduced to SPIFFE path characters).
/// </summary>
/// <remarks>Good enough for one machine; nsmctl plugs in its own resolver that maps process to pod.</remarks>
public sealed class ProcCallerResolver : ICallerResolver
{
    private readonly string _proc;

    /// <summary>Initializes a new resolver.</summary>
    /// <param name="procRoot">Where procfs is mounted; the default is <c>/proc</c>.</param>
    public ProcCallerResolver(string procRoot = "/proc")
    {
        ArgumentException.ThrowIfNullOrEmpty(procRoot);
        _proc = procRoot;
    }

    /// <inheritdoc />
    public SpiffeId? Resolve(UnixPeerCredentials caller, string trustDomain)
    {
        ArgumentNullException.ThrowIfNull(caller);
        string comm;
        try
        {
            comm = File.ReadAllText(Path.Combine(_proc, caller.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var own = NetNs("self");
        var theirs = NetNs(caller.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ns = theirs is null || theirs == own ? "host" : "netns-" + theirs;
        var name = Sanitize(comm);
        return SpiffeId.TryParse($"spiffe://{trustDomain}/ns/{ns}/pod/{(name.Length == 0 ? "pid-" + caller.Pid : name)}", out var id) ? id : null;
    }

    private string? NetNs(string pid)
    {
        try
        {
            var target = new FileInfo(Path.Combine(_proc, pid, "ns", "net")).LinkTarget; // net:[4026531840]
            return target is null ? null : new string([.. target.Where(char.IsAsciiDigit)]);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var result = builder.ToString();
        return result is "." or ".." ? "_" : result;
    }
}
