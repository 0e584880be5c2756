using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Common.Dial;

/// <summary>A next hop that refuses outright fails the dial at once, whatever the dial timeout.</summary>
public sealed class DialFastFailureTests : IAsyncLifetime
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-dialff-" + Guid.NewGuid().ToString("N")[..8]);

    // The dial timeout runs on this clock, which never moves: a dial that waited for it would never end.
    private readonly FakeTimeProvider _clock = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Missing_unix_socket_fails_at_once_naming_the_url()
    {
        var url = new Uri("unix://" + IOPath.Combine(_dir, "missing.sock"));
        var ex = await Assert.ThrowsAsync<NextHopUnreachableException>(() => Chain(new DialClient(SlowDial())).RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(url, ex.Url);
        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("no such socket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unix_socket_nobody_listens_on_fails_at_once()
    {
        var path = IOPath.Combine(_dir, "dead.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path)); // the file exists, nobody listens: as after a killed process

        var url = new Uri("unix://" + path);
        var ex = await Assert.ThrowsAsync<NextHopUnreachableException>(() => Chain(new DialClient(SlowDial())).RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout());
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_connection_refused_fails_at_once()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"tcp://127.0.0.1:{port}");
        var ex = await Assert.ThrowsAsync<NextHopUnreachableException>(() => Chain(new DialClient(SlowDial())).RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout());
        Assert.Equal(url, ex.Url);
    }

    [Fact]
    public async Task Refresh_to_a_hop_that_went_away_names_its_url_and_close_succeeds_quietly()
    {
        var url = new Uri("unix://" + IOPath.Combine(_dir, "nse.sock"));
        var server = await NsmGrpcServer.StartAsync([url], new NsmServerChains { NetworkService = new NetworkServiceServerChain(new CountElement()) });
        var logger = new ListLogger();
        var chain = Chain(new DialClient(SlowDial()));
        var context = Context(url, logger);
        var conn = await chain.RequestAsync(TestExtensions.Request(), context).DefaultTimeout();
        await server.DisposeAsync();

        // The channel exists: the refresh makes the call, which fails; the dial tells that the hop is gone.
        var ex = await Assert.ThrowsAsync<NextHopUnreachableException>(() => chain.RequestAsync(TestExtensions.Request(), Context(url, logger)).DefaultTimeout());
        Assert.Contains(url.ToString(), ex.Message, StringComparison.Ordinal);

        await chain.CloseAsync(conn, Context(url, logger)).DefaultTimeout();
        Assert.Contains(logger.Lines, l => l.EventId == 1201 && l.Text.Contains(url.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Texts, t => t.Contains("localhost:80", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Other_unavailable_errors_pass_unchanged()
    {
        var url = new Uri("unix://" + IOPath.Combine(_dir, "up.sock"));
        await using var server = await NsmGrpcServer.StartAsync([url], new NsmServerChains
        {
            NetworkService = new NetworkServiceServerChain(new InjectErrorElement(error: () => new NsmStatusException(StatusCode.Unavailable, "the endpoint behind is gone"))),
        });
        var ex = await Assert.ThrowsAsync<RpcException>(() => Chain(new DialClient(SlowDial())).RequestAsync(TestExtensions.Request(), Context(url)).DefaultTimeout());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("the endpoint behind is gone", ex.Status.Detail, StringComparison.Ordinal);
    }

    private static DialOptions SlowDial() => new() { DialTimeout = TimeSpan.FromSeconds(5) };

    private static NetworkServiceClientChain Chain(DialClient dial) => new(new MetadataClient(), dial, new GrpcNetworkServiceClient());

    private NsmContext Context(Uri url, ListLogger? logger = null) => new(_clock, logger) { ClientUrl = url };
}
