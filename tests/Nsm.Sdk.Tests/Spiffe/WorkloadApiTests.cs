using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Spiffe;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;

namespace Nsm.Sdk.Tests.Spiffe;

public class WorkloadApiTests
{
    private const string PodId = "spiffe://nsm.local/ns/default/pod/client";

    private static Task<DevWorkloadApiServer> StartServerAsync(TempSocketDir dir, ICallerResolver resolver, TimeProvider clock, TimeSpan? lifetime = null) =>
        DevWorkloadApiServer.StartAsync(
            new DevWorkloadApiServerOptions { SocketPath = dir.Socket("agent"), CallerResolver = resolver, SvidLifetime = lifetime ?? TimeSpan.FromMinutes(10) },
            clock);

    [Theory]
    [InlineData("unix:///run/spire/agent.sock", "unix:///run/spire/agent.sock")]
    [InlineData("unix:/run/spire/agent.sock", "unix:///run/spire/agent.sock")]
    [InlineData("tcp://127.0.0.1:8081", "tcp://127.0.0.1:8081/")]
    public void Address_accepts_go_spiffe_forms(string text, string expected) =>
        Assert.Equal(expected, WorkloadApiAddress.Parse(text).ToString());

    [Theory]
    [InlineData("unix://host/agent.sock")]
    [InlineData("unix:")]
    [InlineData("unix:///a.sock?x=1")]
    [InlineData("tcp://localhost:8081")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("http://127.0.0.1:8081")]
    public void Address_refuses_other_forms(string text) =>
        Assert.Throws<FormatException>(() => WorkloadApiAddress.Parse(text));

    [Fact]
    public async Task Client_fetches_an_svid_over_a_unix_socket_and_it_verifies_against_the_bundle()
    {
        using var dir = new TempSocketDir();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var resolver = new FixedCallerResolver(PodId);
        await using var server = await StartServerAsync(dir, resolver, clock);
        await using var source = await WorkloadX509Source.StartAsync(new WorkloadX509SourceOptions { Address = server.Address }, clock, null, CancellationToken.None);

        Assert.Equal(PodId, source.Svid.Id.ToString());
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(10), source.Svid.NotAfter);
        Assert.Same(source.Svid.Identity, source.GetIdentity());
        Assert.Equal(["nsm.local"], source.Bundles.TrustDomains);
        Assert.True(SpiffePeerVerifier.TryVerify(source.Svid.Certificate, null, source.Bundles, clock.GetUtcNow(), SpiffeAuthorizer.Any, out var id, out var error), error);
        Assert.Equal(PodId, id.ToString());
        Assert.Equal(1, resolver.Calls);

        // The parsed SVID (certificate + PKCS#8 key) works for mTLS against a server of the same CA.
        using var serverSource = new InMemoryX509Source(server.Authority.Issue(Nsm.Sdk.Tokens.SpiffeId.Parse("spiffe://nsm.local/ns/x/pod/server"), TimeSpan.FromHours(1)), server.Authority.CreateBundleSet());
        await using var tlsServer = await MtlsTestServer.StartAsync(new SpiffeTransportCredentials(serverSource, clock), dir.Socket("tls"), clock);
        Assert.Equal(PodId, (await tlsServer.CallAsync(new SpiffeTransportCredentials(source, clock))).SpiffeId);
    }

    [Fact]
    public async Task Calls_without_the_security_header_are_refused_as_spire_does()
    {
        using var dir = new TempSocketDir();
        await using var server = await StartServerAsync(dir, new FixedCallerResolver(PodId), TimeProvider.System);
        using var channel = NsmGrpcChannels.Create(server.Address);
        var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
        using var call = client.FetchX509SVID(new X509SVIDRequest(), cancellationToken: CancellationToken.None);
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("security header missing from request", e.Status.Detail);
    }

    [Fact]
    public async Task A_caller_without_an_identity_is_refused()
    {
        using var dir = new TempSocketDir();
        await using var server = await StartServerAsync(dir, new FixedCallerResolver(null), TimeProvider.System);
        using var channel = NsmGrpcChannels.Create(server.Address);
        var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
        var headers = new Metadata { { WorkloadApiHeaders.SecurityHeaderKey, "true" } };
        using var call = client.FetchX509SVID(new X509SVIDRequest(), headers, cancellationToken: CancellationToken.None);
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task The_default_resolver_names_this_process_from_proc()
    {
        var id = new ProcCallerResolver().Resolve(new UnixPeerCredentials(Environment.ProcessId, 0, 0), "nsm.local");
        Assert.NotNull(id);
        Assert.StartsWith("spiffe://nsm.local/ns/host/pod/", id.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rotation_is_streamed_before_expiry_and_raises_updated()
    {
        using var dir = new TempSocketDir();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await StartServerAsync(dir, new FixedCallerResolver(PodId), clock, TimeSpan.FromMinutes(2));
        await using var source = await WorkloadX509Source.StartAsync(new WorkloadX509SourceOptions { Address = server.Address }, clock, null, CancellationToken.None);
        var firstSerial = source.Svid.Certificate.SerialNumber;
        var updates = 0;
        source.Updated += (_, _) => Interlocked.Increment(ref updates);

        await Eventually.AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), () => Volatile.Read(ref updates) >= 3);

        var current = source.Svid;
        Assert.NotEqual(firstSerial, current.Certificate.SerialNumber);
        Assert.True(current.NotAfter > clock.GetUtcNow(), "the current SVID is still valid");
        Assert.Equal(PodId, current.Id.ToString());
    }

    [Fact]
    public async Task The_source_reconnects_with_backoff_when_the_server_comes_back()
    {
        using var dir = new TempSocketDir();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var server = await StartServerAsync(dir, new FixedCallerResolver(PodId), clock);
        await using var source = await WorkloadX509Source.StartAsync(new WorkloadX509SourceOptions { Address = server.Address }, clock, null, CancellationToken.None);
        var firstCa = server.Authority.Certificate.Thumbprint;
        await server.DisposeAsync();

        await using var restarted = await StartServerAsync(dir, new FixedCallerResolver(PodId), clock);
        await Eventually.AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => source.Updates >= 2);

        Assert.True(source.Bundles.TryGetBundle("nsm.local", out var roots));
        Assert.NotEqual(firstCa, roots[0].Thumbprint);
        Assert.Equal(restarted.Authority.Certificate.Thumbprint, roots[0].Thumbprint);
    }
}
