using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientConn;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.ClientConn;

public class ClientConnTests
{
    [Fact]
    public async Task StoresInvoker_ForTheRestOfTheChain_AndRemovesItAfterClose()
    {
        var invoker = new FakeInvoker();
        CallInvoker? seen = null;
        MetadataMap? map = null;
        var chain = new NetworkServiceClientChain(
            new MetadataClient(),
            new ClientConnClient(invoker),
            new LambdaElement(
                (r, c, n) =>
                {
                    map = c.MetadataMap(true);
                    map.TryLoad(GrpcCallContextKeys.ClientConnection, out var i);
                    seen = i;
                    return n.RequestAsync(r, c);
                },
                (conn, c, n) =>
                {
                    Assert.True(c.MetadataMap(true).TryLoad(GrpcCallContextKeys.ClientConnection, out _));
                    return n.CloseAsync(conn, c);
                }));
        var conn = await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Same(invoker, seen);
        await chain.CloseAsync(conn, new NsmContext());
        Assert.False(map!.TryLoad(GrpcCallContextKeys.ClientConnection, out _));
    }

    [Fact]
    public async Task KeepsAnInvokerStoredEarlier()
    {
        var earlier = new FakeInvoker();
        CallInvoker? seen = null;
        var chain = new NetworkServiceClientChain(
            new MetadataClient(),
            new LambdaElement((r, c, n) => { c.MetadataMap(true).Store(GrpcCallContextKeys.ClientConnection, earlier); return n.RequestAsync(r, c); }),
            new ClientConnClient(new FakeInvoker()),
            LambdaElement.CheckRequest((_, c) => seen = c.MetadataMap(true).TryLoad(GrpcCallContextKeys.ClientConnection, out var i) ? i : null));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Same(earlier, seen);
    }

    private sealed class FakeInvoker : CallInvoker
    {
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
