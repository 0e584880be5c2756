using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The MEMIF mechanism: a VPP shared-memory interface over a unix socket.</summary>
public sealed class MemifMechanism : TypedMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "MEMIF";

    /// <summary>Key of the socket file name (abstract-socket case).</summary>
    public const string SocketFilenameKey = "socketfile";

    /// <summary>Key of the socket-file URL (filesystem socket) or netns URL (abstract socket): the same key.</summary>
    public const string InodeUrlKey = CommonParameters.InodeUrl;

    /// <summary>URL scheme of file paths.</summary>
    public const string FileScheme = "file";

    private MemifMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates LOCAL MEMIF with <c>{inodeURL: file://&lt;socketPath&gt;}</c>.</summary>
    /// <param name="socketPath">Filesystem path of the memif socket.</param>
    public static Mechanism New(string socketPath)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        return Create(Cls.Local, MechanismType, (InodeUrlKey, FileUrl(socketPath)));
    }

    /// <summary>Creates LOCAL MEMIF with <c>{inodeURL: file://&lt;netnsPath&gt;}</c> for an abstract socket in that namespace.</summary>
    /// <param name="netnsPath">Path of the network namespace file.</param>
    public static Mechanism NewAbstract(string netnsPath)
    {
        ArgumentNullException.ThrowIfNull(netnsPath);
        return Create(Cls.Local, MechanismType, (InodeUrlKey, FileUrl(netnsPath)));
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not MEMIF.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static MemifMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new MemifMechanism(mechanism!) : null;

    /// <summary>Socket file name (<c>socketfile</c>).</summary>
    public string SocketFilename
    {
        get => Get(SocketFilenameKey);
        set => Set(SocketFilenameKey, value);
    }

    /// <summary>Socket-file URL (<c>inodeURL</c>).</summary>
    public string SocketFileUrl
    {
        get => Get(InodeUrlKey);
        set => Set(InodeUrlKey, value);
    }

    /// <summary>Netns URL for the abstract-socket case (also <c>inodeURL</c>).</summary>
    public string NetNSUrl
    {
        get => Get(InodeUrlKey);
        set => Set(InodeUrlKey, value);
    }

    private static string FileUrl(string path) => $"{FileScheme}://{path}";
}
