using Nsm.Sdk.Spiffe;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The development CA that every mesh of this machine with the same trust domain shares, so that two clusters on one
/// machine (the guide's multi-cluster section) trust each other's workloads as federated SPIRE servers would. It lives
/// root-only under <c>/run/nsmctl-ca/&lt;trust-domain&gt;</c> while some mesh uses it: each mesh leaves a file named
/// after its supervisor id in <c>users/</c>, and the last one to go down removes the folder.
/// </summary>
internal static class SharedAuthority
{
    public const string Root = "/run/nsmctl-ca";

    public static async Task<DevCertificateAuthority> AcquireAsync(string trustDomain, string meshId, TimeProvider time, CancellationToken ct)
    {
        var dir = Path.Combine(Root, trustDomain);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("nsmctl runs meshes on Linux");
        }

        Directory.CreateDirectory(Path.Combine(dir, "users"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "users", meshId), "");
        using var gate = await LockAsync(Path.Combine(dir, ".lock"), time, ct);
        var certPath = Path.Combine(dir, "ca.pem");
        var keyPath = Path.Combine(dir, "ca-key.pem");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return DevCertificateAuthority.LoadPem(File.ReadAllText(certPath), File.ReadAllText(keyPath), time);
        }

        var authority = new DevCertificateAuthority(trustDomain, time);
        var (certificate, key) = authority.ExportPem();
        MeshClientIdentity.WriteRootOnly(keyPath, key);
        MeshClientIdentity.WriteRootOnly(certPath, certificate);
        return authority;
    }

    // Two meshes coming up at once must not both create a CA: the first holds the lock file while it reads or writes.
    private static async Task<FileStream> LockAsync(string path, TimeProvider time, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
            }
        }
    }

    public static void Release(string trustDomain, string meshId)
    {
        var dir = Path.Combine(Root, trustDomain);
        File.Delete(Path.Combine(dir, "users", meshId));
        if (Directory.Exists(Path.Combine(dir, "users")) && !Directory.EnumerateFileSystemEntries(Path.Combine(dir, "users")).Any())
        {
            Directory.Delete(dir, recursive: true);
            if (Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any())
            {
                Directory.Delete(Root);
            }
        }
    }
}
