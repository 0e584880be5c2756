using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Metadata = Grpc.Core.Metadata;
using Grpc.Net.Client;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;
using Nsm.Sdk.Registry.Common.GrpcMetadata;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.RegistryChains;

/// <summary>
/// The memory registry answers Register with the <c>path</c> response header (wire spec §4.3), seen by a client that
/// shares nothing with the SDK but the generated proto types.
/// </summary>
public sealed class RegistryPathHeaderTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-rpath-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly MemoryRegistryServer _registry = new(new MemoryRegistryOptions { Name = "registry" });
    private NsmGrpcServer? _server;

    private string SocketPath => Path.Combine(_dir, "registry.sock");

    public async Task InitializeAsync() =>
        _server = await NsmGrpcServer.StartAsync([new Uri("unix://" + SocketPath)], _registry.Chains);

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task An_independent_client_gets_the_path_header_with_its_token_and_the_registrys()
    {
        using var channel = RawChannel(SocketPath);
        var client = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        var token = SelfSignedTokenGenerator.Create("my-nse").GenerateToken((TokenPeer?)null);
        var headers = new Metadata
        {
            { "path", """{"Index":0,"PathSegments":null}""" },
            { "nsm-client-token", token.Token },
            { "nsm-client-token-expires", token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) },
        };

        using var call = client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-raw", Url = "tcp://127.0.0.1:5003" }, headers);
        var registered = await call.ResponseAsync;
        var path = (await call.ResponseHeadersAsync).GetValue("path");

        Assert.NotNull(path);
        using var json = JsonDocument.Parse(path);
        Assert.Equal(0, json.RootElement.GetProperty("Index").GetInt32());
        var segments = json.RootElement.GetProperty("PathSegments").EnumerateArray().Select(s => s.GetProperty("token").GetString()!).ToList();
        Assert.Equal(2, segments.Count);
        Assert.Equal(token.Token, segments[0]);
        Assert.Equal("spiffe://nsm.local/registry", Jwt.Parse(segments[1]).Claims.Subject);
        Assert.True(Jwt.Parse(segments[1]).Claims.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.Equal(["spiffe://nsm.local/my-nse", "spiffe://nsm.local/registry"], registered.PathIds);

        // A refresh with the returned path keeps two segments and the caller's index.
        using var refresh = client.RegisterAsync(registered, new Metadata { { "path", path }, { "nsm-client-token", token.Token } });
        await refresh.ResponseAsync;
        using var again = JsonDocument.Parse((await refresh.ResponseHeadersAsync).GetValue("path")!);
        Assert.Equal(0, again.RootElement.GetProperty("Index").GetInt32());
        Assert.Equal(2, again.RootElement.GetProperty("PathSegments").GetArrayLength());

        using var unregister = client.UnregisterAsync(registered, new Metadata { { "path", path }, { "nsm-client-token", token.Token } });
        await unregister.ResponseAsync;
        Assert.NotNull((await unregister.ResponseHeadersAsync).GetValue("path"));
        Assert.Null(_registry.EndpointStore.Get("nse-raw"));
    }

    [Fact]
    public async Task A_network_service_register_answers_with_the_path_header_too_and_no_path_sent_means_no_header()
    {
        using var channel = RawChannel(SocketPath);
        var client = new NetworkServiceRegistry.NetworkServiceRegistryClient(channel);

        using var withPath = client.RegisterAsync(new NetworkService { Name = "svc-raw" }, new Metadata { { "path", """{"Index":0,"PathSegments":null}""" } });
        await withPath.ResponseAsync;
        using var json = JsonDocument.Parse((await withPath.ResponseHeadersAsync).GetValue("path")!);
        Assert.Equal(2, json.RootElement.GetProperty("PathSegments").GetArrayLength());

        using var withoutPath = client.RegisterAsync(new NetworkService { Name = "svc-raw" });
        await withoutPath.ResponseAsync;
        Assert.Null((await withoutPath.ResponseHeadersAsync).GetValue("path"));
    }

    [Fact]
    public async Task The_sdk_client_chain_sends_the_path_and_its_token_and_keeps_the_returned_path()
    {
        await using var client = new EndpointRegistryClient(new RegistryClientOptions
        {
            RegistryUrl = new Uri("unix://" + SocketPath),
            TokenGenerator = SelfSignedTokenGenerator.Create("sdk-nse"),
            RefreshEnabled = false,
            HealEnabled = false,
        });

        var registered = await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-sdk", Url = "tcp://127.0.0.1:5004" }, new NsmContext());

        Assert.Equal(["spiffe://nsm.local/sdk-nse", "spiffe://nsm.local/registry"], registered.PathIds);
        var stored = client.Elements.OfType<GrpcMetadataNseClient>().Single().GetStoredPath("nse-sdk");
        Assert.NotNull(stored);
        Assert.Equal(0u, stored.Index);
        Assert.Equal(2, stored.PathSegments.Count);
        await client.UnregisterAsync(registered, new NsmContext());
    }

    /// <summary>A plain Grpc.Net.Client channel over a unix socket, built without the SDK.</summary>
    internal static GrpcChannel RawChannel(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        });
}
