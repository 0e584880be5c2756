using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.UpdateToken;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.ClientToken;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Common.UpdateToken;

public sealed class UpdateTokenTests
{
    private static Connection Conn(uint index, params string[] names)
    {
        var conn = new Connection { Id = names[index], Path = new Nsm.Api.NetworkService.Path { Index = index } };
        conn.Path.PathSegments.Add(names.Select(n => new PathSegment { Name = n, Id = n }));
        return conn;
    }

    [Fact]
    public async Task Caller_token_goes_to_the_previous_segment_and_own_token_to_this_one_both_with_expires()
    {
        using var me = TokenTestKit.Identity("nsmgr");
        using var caller = TokenTestKit.Identity("nsc");
        var callerToken = TokenTestKit.Generator(caller).GenerateToken(TokenTestKit.Peer(me));
        var ctx = new NsmContext { Peer = new PeerInfo("unix:", callerToken.Token, callerToken.ExpiresAt) { Certificate = caller.Certificate } };
        var request = new NetworkServiceRequest { Connection = Conn(1, "nsc", "nsmgr") };

        var conn = await new UpdateTokenServer(TokenTestKit.Generator(me)).RequestAsync(request, ctx, new FuncHandler());

        var (prev, mine) = (conn.Path.PathSegments[0], conn.Path.PathSegments[1]);
        Assert.Equal(callerToken.Token, prev.Token);
        Assert.Equal(Timestamp.FromDateTimeOffset(callerToken.ExpiresAt), prev.Expires);
        Assert.Equal("spiffe://test.com/nsmgr", TokenTestKit.Sub(mine.Token));
        Assert.Equal(["spiffe://test.com/nsc"], TokenTestKit.Aud(mine.Token));
        Assert.Equal(Jwt.Parse(mine.Token).Claims.ExpiresAt, mine.Expires.ToDateTimeOffset());
    }

    [Fact]
    public async Task Missing_caller_token_leaves_the_previous_segment_and_still_sets_our_own()
    {
        var request = new NetworkServiceRequest { Connection = Conn(1, "nsc", "nse") };
        request.Connection.Path.PathSegments[0].Token = "old";
        var ctx = new NsmContext { Peer = new PeerInfo("unix:", null, null) };

        var conn = await new UpdateTokenServer(new SharedSecretTokenGenerator(TimeProvider.System)).RequestAsync(request, ctx, new FuncHandler());

        Assert.Equal("old", conn.Path.PathSegments[0].Token);
        Assert.NotEmpty(conn.Path.PathSegments[1].Token);
        Assert.NotNull(conn.Path.PathSegments[1].Expires);
    }

    [Fact]
    public async Task First_segment_has_no_previous_one()
    {
        var request = new NetworkServiceRequest { Connection = Conn(0, "nsc") };
        var conn = await new UpdateTokenServer(new SharedSecretTokenGenerator(TimeProvider.System)).RequestAsync(request, new NsmContext(), new FuncHandler());
        Assert.NotEmpty(Assert.Single(conn.Path.PathSegments).Token);
    }

    [Fact]
    public async Task Index_outside_the_path_is_an_error()
    {
        var request = new NetworkServiceRequest { Connection = Conn(1, "a", "b") };
        request.Connection.Path.Index = 2;
        var next = new FuncHandler();
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () =>
            await new UpdateTokenServer(new SharedSecretTokenGenerator(TimeProvider.System)).RequestAsync(request, new NsmContext(), next));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(0, next.Requests);
    }

    [Fact]
    public async Task Close_updates_the_tokens_too()
    {
        var conn = Conn(1, "nsc", "nse");
        var ctx = new NsmContext { Peer = new PeerInfo("unix:", "caller-token", DateTimeOffset.UnixEpoch.AddDays(1)) };
        await new UpdateTokenServer(new SharedSecretTokenGenerator(TimeProvider.System)).CloseAsync(conn, ctx, new FuncHandler());
        Assert.Equal("caller-token", conn.Path.PathSegments[0].Token);
        Assert.NotEmpty(conn.Path.PathSegments[1].Token);
    }
}
