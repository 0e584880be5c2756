using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tests.Common.Dial;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

/// <summary>
/// A client that leaves a served unix socket right after its HTTP/2 preface (what a TLS probe or a killed program
/// does) ends that connection quietly: Kestrel's answer to a gone peer is not an error with a stack trace.
/// </summary>
public sealed class PeerGoneTests
{
    private static readonly byte[] PrefaceAndSettings =
        [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];

    [Fact]
    public async Task A_client_that_hangs_up_after_its_preface_leaves_no_error_in_the_server_log()
    {
        using var dir = new TempSocketDir();
        using var ca = new DevCertificateAuthority("nsm.local", TimeProvider.System);
        using var nseSource = new InMemoryX509Source(ca.Issue(SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/nse"), TimeSpan.FromHours(1)), ca.CreateBundleSet());
        using var clientSvid = ca.Issue(SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/client"), TimeSpan.FromHours(1));
        var socketPath = dir.Socket("nse");
        var log = new ListLogger(LogLevel.Debug);
        var builder = NsmHost.CreateWebApplicationBuilder([]);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(new SingleLoggerProvider(log));
        builder.Services.AddNsm()
            .Configure(o => o with { Name = "nse" })
            .ListenOn(new Uri("unix://" + socketPath))
            .UseTransportCredentials(new SpiffeTransportCredentials(nseSource, TimeProvider.System))
            .AddEndpoint(_ => new EndpointOptions { Name = "nse" });
        await using var app = builder.Build();
        app.MapNsm();
        await app.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificateContext = clientSvid.GetTlsContext(),
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                EnabledSslProtocols = SslProtocols.Tls13,
            });
            await tls.WriteAsync(PrefaceAndSettings);
            socket.Close(0); // unread server data: the kernel resets the connection
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (log.Texts.Count(t => t.Contains("stopped", StringComparison.Ordinal) && t.Contains("fd-", StringComparison.Ordinal)) < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not end the 5 connections:\n" + string.Join('\n', log.Texts));
            await Task.Delay(20);
        }

        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Error);
        await app.StopAsync();
    }

    private sealed class SingleLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
