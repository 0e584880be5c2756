using System.Net.Http;
using Grpc.Core;
using Nsm.Sdk.Common.Dial;
using Xunit;

namespace Nsm.Sdk.Tests.Common.Dial;

public sealed class TransportFailureTests
{
    [Fact]
    public void Unavailable_may_mean_the_hop_is_gone() =>
        Assert.True(TransportFailure.MayBeGone(new RpcException(new Status(StatusCode.Unavailable, "x"))));

    [Fact]
    public void The_transports_own_internal_error_at_call_start_may_mean_the_hop_is_gone()
    {
        // What a call gets when it starts just as the hop's GOAWAY arrives.
        var goaway = new HttpRequestException("An error occurred while sending the request.", new IOException("The server closed the connection."));
        Assert.True(TransportFailure.MayBeGone(new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call.", goaway))));
    }

    [Fact]
    public void An_internal_error_the_hop_answered_is_not_a_transport_failure() =>
        Assert.False(TransportFailure.MayBeGone(new RpcException(new Status(StatusCode.Internal, "ipam: pool broken"))));
}
