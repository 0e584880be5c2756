using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Testing;

namespace Nsm.Sdk.Kernel.Tests.FdPassing;

/// <summary>
/// Our nsmgr and kernel forwarder (over real gRPC on unix sockets) against a client written from upstream's grpcfd:
/// a namespace passed as a descriptor gets an interface; a namespace only named (path or inode) is refused.
/// </summary>
public sealed class GrpcfdNamespaceAccessTests
{
    [Fact]
    public async Task A_grpcfd_client_passes_its_netns_and_gets_an_interface_there_and_no_descriptor_is_left()
    {
        await using var scope = new NetNsScope();
        var (podA, nlA) = await scope.CreateAsync();
        var (podE, _) = await scope.CreateAsync();
        var before = OpenNetnsFds(podA.Inode);
        await using (var mesh = await MeshAsync(podE.Path))
        {
            using var channel = RawChannel(mesh.Domain.Nodes[0].Nsmgr.Url, out var stream);
            var raw = new NetworkService.NetworkServiceClient(channel);
            var request = Request("grpcfd-1", stream.QueueFile(podA.Path));

            var conn = await raw.RequestAsync(request, deadline: DateTime.UtcNow.AddSeconds(20));
            Assert.StartsWith("inode://", KernelMechanism.ToMechanism(conn.Mechanism)!.NetNSUrl, StringComparison.Ordinal); // swapped back for the caller
            Assert.Equal(1, mesh.DataPlane.Count);
            Assert.True((await nlA.GetLinkAsync("nsm-1")).IsUp);

            // Refresh passes it again, as grpcfd does on every call.
            var refresh = Request("grpcfd-1", stream.QueueFile(podA.Path));
            refresh.Connection = conn;
            conn = await raw.RequestAsync(refresh, deadline: DateTime.UtcNow.AddSeconds(20));

            stream.QueueFile(podA.Path);
            await raw.CloseAsync(conn, deadline: DateTime.UtcNow.AddSeconds(20));
            Assert.Null(await nlA.TryGetLinkAsync("nsm-1"));

            // Nothing keeps pod A's namespace open once the connection is closed, though the channels stay up.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (OpenNetnsFds(podA.Inode) != before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(before, OpenNetnsFds(podA.Inode));
        }

        Assert.Equal(before, OpenNetnsFds(podA.Inode));
    }

    [Fact]
    public async Task A_client_naming_another_pods_namespace_by_path_or_inode_gets_PermissionDenied_and_nothing_appears_there()
    {
        await using var scope = new NetNsScope();
        var (podB, nlB) = await scope.CreateAsync();
        var (podE, _) = await scope.CreateAsync();
        await using var mesh = await MeshAsync(podE.Path);
        using var channel = RawChannel(mesh.Domain.Nodes[0].Nsmgr.Url, out _);
        var raw = new NetworkService.NetworkServiceClient(channel);

        foreach (var url in new[] { "file://" + podB.Path, $"inode://4/{podB.Inode}" })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await raw.RequestAsync(Request("steal", url), deadline: DateTime.UtcNow.AddSeconds(20)));
            Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
            Assert.Contains("did not prove access", ex.Status.Detail, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await nlB.ListLinksAsync(), l => l.Name != "lo");
        Assert.Equal(0, mesh.DataPlane.Count);
    }

    private static NetworkServiceRequest Request(string id, string netnsUrl)
    {
        // As a Go NSC sends it: its own path segment, with a token and its expiry.
        var segment = new PathSegment { Name = "raw-nsc", Id = id, Token = "raw-token", Expires = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(10)) };
        var request = new NetworkServiceRequest { Connection = new Connection { Id = id, NetworkService = "svc", Path = new Nsm.Api.NetworkService.Path { Index = 0, PathSegments = { segment } } } };
        var kernel = KernelMechanism.New(netnsUrl);
        kernel.Parameters[KernelMechanism.InterfaceNameKey] = "nsm-1";
        request.MechanismPreferences.Add(kernel);
        return request;
    }

    private static GrpcChannel RawChannel(Uri url, out RawGrpcfdStream stream)
    {
        var connected = new RawGrpcfdStream();
        stream = connected;
        var path = url.AbsolutePath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                connected.Attach(socket);
                return connected;
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private static int OpenNetnsFds(ulong inode) =>
        Directory.GetFiles("/proc/self/fd").Count(f =>
        {
            try
            {
                return File.ResolveLinkTarget(f, returnFinalTarget: false)?.FullName.EndsWith($"net:[{inode}]", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static async Task<Mesh> MeshAsync(string nsePath)
    {
        var dataPlane = new KernelVethForwarder();
        var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Nodes = 1, Registry = false, NodeSetup = s => s.DefaultForwarder = false, Insecure = true });
        var node = domain.Nodes[0];
        await node.NewForwarderAsync("forwarder-0", servers: [dataPlane.Server], clients: [dataPlane.Client]);
        await domain.RegisterServiceAsync("svc");
        var kernel = new MechanismsServer(new Dictionary<string, INetworkServiceServer> { ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = "file://" + nsePath }) });
        await node.NewEndpointAsync("nse", ["svc"], kernel);
        return new Mesh(domain, dataPlane);
    }

    private sealed record Mesh(SandboxDomain Domain, KernelVethForwarder DataPlane) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Domain.DisposeAsync();
            await DataPlane.DisposeAsync();
        }
    }
}
