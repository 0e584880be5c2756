using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Sdk.Common.ClientToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// nsmctl's own identity in a secure mesh (<c>spiffe://&lt;td&gt;/ns/nsm-system/pod/nsmctl</c>): the supervisor issues
/// it from the mesh's CA and writes it (root-only) under the state's <c>spire/</c> folder, where the CLI finds it, so
/// that the registry publisher and <c>connections</c>/<c>explain</c> speak mTLS and send tokens like any program.
/// </summary>
internal sealed class MeshClientIdentity : IDisposable
{
    private const string SvidFile = "nsmctl-svid.pem";
    private const string KeyFile = "nsmctl-key.pem";
    private const string BundleFile = "bundle.pem";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly InMemoryX509Source _source;
    private readonly SpiffeTransportCredentials _credentials;
    private readonly SpiffeJwtTokenGenerator _tokens;

    private MeshClientIdentity(X509Svid svid, X509BundleSet bundles, TimeProvider time)
    {
        _source = new InMemoryX509Source(svid, bundles);
        _credentials = new SpiffeTransportCredentials(_source, time);
        _tokens = new SpiffeJwtTokenGenerator(_source, time);
    }

    /// <summary>Issues nsmctl's SVID from the mesh's CA and writes it for the CLI.</summary>
    public static MeshClientIdentity Issue(DevCertificateAuthority authority, string spireDir, TimeProvider time)
    {
        var id = SpiffeId.Parse($"spiffe://{authority.TrustDomain.TrustDomain}/ns/nsm-system/pod/nsmctl");
        var svid = authority.Issue(id, Lifetime);
        WriteRootOnly(Path.Combine(spireDir, SvidFile), svid.Certificate.ExportCertificatePem());
        WriteRootOnly(Path.Combine(spireDir, KeyFile), svid.Identity.Key.ExportPkcs8PrivateKeyPem());
        WriteRootOnly(Path.Combine(spireDir, BundleFile), authority.Certificate.ExportCertificatePem());
        return new MeshClientIdentity(svid, authority.CreateBundleSet(), time);
    }

    /// <summary>Loads the identity the supervisor wrote, or null when the mesh is insecure (no file).</summary>
    public static MeshClientIdentity? Load(string spireDir, TimeProvider time)
    {
        var svidPath = Path.Combine(spireDir, SvidFile);
        if (!File.Exists(svidPath))
        {
            return null;
        }

        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(svidPath), File.ReadAllText(Path.Combine(spireDir, KeyFile)));
        var root = X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(spireDir, BundleFile))).RawData);
        var svid = new X509Svid(NsmIdentity.FromCertificate(certificate));
        var bundles = new X509BundleSet(new Dictionary<string, X509Certificate2Collection> { [svid.Id.TrustDomain] = [root] });
        return new MeshClientIdentity(svid, bundles, time);
    }

    /// <summary>A channel to a unix socket of the mesh: mTLS with this identity, or plaintext when <paramref name="identity"/> is null.</summary>
    public static GrpcChannel Channel(MeshClientIdentity? identity, string socketPath) =>
        identity is null ? UnixGrpc.Channel(socketPath) : NsmGrpcChannels.Create(Url(socketPath), identity._credentials.ConfigureChannel);

    /// <summary>The per-call token metadata for the server at <paramref name="socketPath"/> (none when insecure).</summary>
    public static async Task<Metadata> HeadersAsync(MeshClientIdentity? identity, string socketPath, CancellationToken ct)
    {
        if (identity is null)
        {
            return [];
        }

        // The SDK's per-call token element does the work: the server's identity as aud, the presented SVID's key.
        var context = new NsmContext(cancellationToken: ct) { ClientUrl = Url(socketPath) };
        await ClientTokenHeaders.ApplyAsync(context, identity._tokens, ClientTokenOptions.ForSecurity(identity._credentials.Security));
        return context.GetOrAddOutgoingHeaders();
    }

    public void Dispose() => _source.Dispose();

    private static Uri Url(string socketPath) => new("unix://" + socketPath);

    // Created root-only (the key must never be readable by others, not even for a moment).
    public static void WriteRootOnly(string path, string pem)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(pem);
    }
}
