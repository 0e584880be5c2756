using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Up;
using Nsm.Vpp;
using Nsm.Vpp.Codec;
using static Nsm.Sdk.Vpp.Tests.Support.VppElementFixture;

namespace Nsm.Sdk.Vpp.Tests;

public sealed class ErrorMappingTests
{
    [Fact]
    public async Task Vpp_being_unreachable_is_unavailable()
    {
        var context = NewContext();
        VppInterfaces.Store(context, isClient: false, 1);

        var error = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await new NetworkServiceServerChain(new UpServer(new UnreachableVpp())).RequestAsync(NewRequest(), context));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("up: VPP is not connected: ", error.Message, StringComparison.Ordinal);
    }

    private sealed class UnreachableVpp : IVppApi
    {
        public Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, CancellationToken cancellationToken = default)
            where TRequest : IVppMessage<TRequest>
            where TReply : IVppMessage<TReply> =>
            Task.FromException<TReply>(new VppDisconnectedException("no socket"));

        public IAsyncEnumerable<TDetails> DumpAsync<TRequest, TDetails>(TRequest request, CancellationToken cancellationToken = default)
            where TRequest : IVppMessage<TRequest>
            where TDetails : IVppMessage<TDetails> =>
            throw new VppDisconnectedException("no socket");
    }
}
