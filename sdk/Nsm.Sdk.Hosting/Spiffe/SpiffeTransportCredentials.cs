using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Net;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// mTLS with X.509-SVIDs (upstream's <c>tlsconfig.MTLSServerConfig</c>/<c>MTLSClientConfig</c> with
/// <c>AuthorizeAny</c>), on unix sockets and TCP alike: each side presents the current SVID of the
/// <see cref="IX509Source"/> (read on every handshake, so a rotation applies to the next connection without a restart)
/// and requires the other's, verified against the source's bundles at the <see cref="TimeProvider"/>'s time and then
/// by the <see cref="SpiffeAuthorizer"/>.
/// </summary>
/// <remarks>
/// The channel side runs TLS inside the handler's connect callback, under HTTP/2 with prior knowledge, so the same
/// <c>http://</c> addresses and unix-socket dialing keep working; requests carry <c>:scheme http</c>, which the server
/// side accepts (Kestrel's <c>AllowAlternateSchemes</c>), as grpc-go servers do.
/// </remarks>
public sealed partial class SpiffeTransportCredentials : NsmTransportCredentials
{
    /// <summary>The connection item under which the server side keeps the certificate it presented (read by <see cref="TlsPeerInterceptor"/>).</summary>
    internal const string PresentedCertificateItem = "nsm.presented-certificate";

    internal const string VerifiedPeersItem = "nsm.verified-peers";

    private static readonly List<SslApplicationProtocol> H2 = [SslApplicationProtocol.Http2];

    // The HTTP/2 client preface, an empty SETTINGS frame and GOAWAY(last stream 0, NO_ERROR).
    private static readonly byte[] GoodbyeFrames =
    [
        .. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8,
        0, 0, 0, 4, 0, 0, 0, 0, 0,
        0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, (X509Certificate2 Server, X509Certificate2 Presented)> _servers = new();
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly VerifiedPeerCertificates _verified;

    /// <summary>Initializes new credentials.</summary>
    /// <param name="source">The SVID and bundles.</param>
    /// <param name="clock">The clock of certificate validity checks.</param>
    /// <param name="authorizer">Which peers are allowed; the default is <see cref="SpiffeAuthorizer.Any"/> (any ID with a trusted chain).</param>
    /// <param name="logger">Logs refused peers; none when <see langword="null"/>.</param>
    public SpiffeTransportCredentials(IX509Source source, TimeProvider clock, SpiffeAuthorizer? authorizer = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        Source = source;
        _clock = clock;
        Authorizer = authorizer ?? SpiffeAuthorizer.Any;
        _logger = logger ?? NullLogger.Instance;
        _verified = new VerifiedPeerCertificates(clock);
        Security = new NsmSecurity
        {
            SameIdentityCertificates = _verified.SameIdentity,
            Identity = source,
            ServerCertificate = url => _servers.TryGetValue(url, out var seen) ? seen.Server : null,
            PresentedCertificate = url => _servers.TryGetValue(url, out var seen) ? seen.Presented : null,
            HandshakeAsync = HandshakeAsync,
        };
    }

    /// <summary>Gets the SVID and bundles.</summary>
    public IX509Source Source { get; }

    /// <summary>Gets which peers are allowed.</summary>
    public SpiffeAuthorizer Authorizer { get; }

    /// <inheritdoc />
    public override bool IsSecure => true;

    /// <inheritdoc />
    public override NsmSecurity Security { get; }

    /// <summary>
    /// Gets the server last verified at <paramref name="url"/> (its SPIFFE ID and certificate expiry), for the
    /// <c>aud</c> and expiry of the tokens sent there (<c>ClientTokenOptions.ServerPeer</c> with
    /// <c>NsmContext.ClientUrl</c>); <see langword="null"/> before the first handshake with it.
    /// </summary>
    /// <param name="url">The URL the channel was created for (<see cref="NsmGrpcChannels.Create"/>).</param>
    /// <returns>The peer, or <see langword="null"/>.</returns>
    public TokenPeer? GetServerPeer(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _servers.TryGetValue(url, out var seen) ? TokenPeer.FromCertificate(seen.Server) : null;
    }

    /// <inheritdoc />
    public override void ConfigureServer(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Protocols = HttpProtocols.Http2;
        // Our channels run TLS under HTTP/2 with prior knowledge, so their requests say :scheme http over TLS
        // (grpc-go servers do not look at :scheme; Kestrel refuses the mismatch unless told otherwise).
        listen.KestrelServerOptions.AllowAlternateSchemes = true;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                var svid = Source.Svid;
                context.Connection.Items[PresentedCertificateItem] = svid.Certificate;
                context.Connection.Items[VerifiedPeersItem] = _verified;
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = svid.GetTlsContext(),
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = VerifyPeer,
                    ApplicationProtocols = H2,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                });
            },
        });
    }

    /// <inheritdoc />
    public override void ConfigureChannel(GrpcChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.HttpHandler is not SocketsHttpHandler handler)
        {
            throw new InvalidOperationException("SPIFFE mTLS needs the channel's SocketsHttpHandler (NsmGrpcChannels.Create)");
        }

        var url = handler.Properties.TryGetValue(NsmChannelProperties.Url, out var value) ? value as Uri : null;
        // New calls move to a new connection after a quarter of the SVID lifetime (rotations come at half of it): a
        // connection never outlives the previous SVID, whose key still signs the tokens sent on it.
        handler.PooledConnectionLifetime = (Source.Svid.NotAfter - Source.Svid.NotBefore) / 4;
        var connect = handler.ConnectCallback ?? ConnectTcpAsync;
        handler.ConnectCallback = async (context, ct) =>
            await AuthenticateAsync(await connect(context, ct).ConfigureAwait(false), context.DnsEndPoint.Host, url, ct).ConfigureAwait(false);
    }

    // A TLS handshake with the server at url that sends nothing else: its certificate is what the first call's token
    // names as audience (the call itself picks its connection only after the token is in its headers).
    private async ValueTask HandshakeAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = NsmUrl.IsUnix(url)
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            EndPoint endpoint = NsmUrl.IsUnix(url) ? new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url)) : new DnsEndPoint(url.Host, url.Port);
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        await using var tls = await AuthenticateAsync(new NetworkStream(socket, ownsSocket: true), NsmUrl.IsUnix(url) ? "localhost" : url.Host, url, cancellationToken).ConfigureAwait(false);

        // Leave as an HTTP/2 client does (preface, SETTINGS, GOAWAY) and read until the server closes, so that the
        // server sees an orderly goodbye instead of a connection cut under its own GOAWAY.
        await tls.WriteAsync(GoodbyeFrames, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), TimeProvider.System);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var buffer = new byte[512];
        try
        {
            while (await tls.ReadAsync(buffer, drain.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The certificate is known; how the server hangs up does not matter.
        }
    }

    private async Task<SslStream> AuthenticateAsync(Stream stream, string host, Uri? url, CancellationToken cancellationToken)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        var svid = Source.Svid;
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    ClientCertificateContext = svid.GetTlsContext(),
                    RemoteCertificateValidationCallback = VerifyPeer,
                    ApplicationProtocols = H2,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
            if (url is not null && tls.RemoteCertificate is X509Certificate2 server)
            {
                _servers[url] = (server, svid.Certificate);
            }

            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectTcpAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool VerifyPeer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf)
        {
            LogRefused(_logger, "the peer presented no certificate");
            return false;
        }

        if (SpiffePeerVerifier.TryVerify(leaf, chain?.ChainPolicy.ExtraStore, Source.Bundles, _clock.GetUtcNow(), Authorizer, out _, out var error))
        {
            _verified.Record(leaf);
            return true;
        }

        LogRefused(_logger, error);
        return false;
    }

    [LoggerMessage(EventId = 2520, Level = LogLevel.Warning, Message = "TLS peer refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
