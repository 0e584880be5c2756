using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.ClientToken;

namespace Nsm.Sdk.Tests.Common.Authorize;

public sealed class AuthorizeTests
{
    private static readonly AuthorizationPolicySet<NetworkServiceAuthorizationInput> TokensValid = AuthorizationPolicySet.Create<NetworkServiceAuthorizationInput>(new TokensValidPolicy());

    private static NetworkServiceRequest Request(string token = "not-a-jwt")
    {
        var path = new Nsm.Api.NetworkService.Path { Index = 1 };
        path.PathSegments.Add(new PathSegment { Name = "nsc", Id = "nsc-id", Token = token });
        path.PathSegments.Add(new PathSegment { Name = "nse", Id = "nse-id", Token = token });
        return new NetworkServiceRequest { Connection = new Connection { Id = "nse-id", Path = path } };
    }

    private static NsmContext Remote(string? spiffeId = "spiffe://test.com/nsc") => new() { Peer = new PeerInfo("unix:", null, null, spiffeId) };

    [Fact]
    public async Task Default_allows_everything()
    {
        var next = new FuncHandler();
        await new AuthorizeServer().RequestAsync(Request(), Remote(), next);
        await new AuthorizeClient().RequestAsync(Request(), new NsmContext(), next);
        Assert.Equal(2, next.Requests);
    }

    [Fact]
    public async Task Denial_is_permission_denied_with_the_policy_name_and_next_is_not_called()
    {
        var next = new FuncHandler();
        var server = new AuthorizeServer(new AuthorizeServerOptions { Policies = TokensValid });
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RequestAsync(Request(), Remote(), next));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("no sufficient privileges: tokens_valid", ex.Message);
        Assert.Equal(0, next.Requests);
        await Assert.ThrowsAsync<NsmStatusException>(async () => await server.CloseAsync(Request().Connection, Remote(), next));
        Assert.Equal(0, next.Closes);
    }

    [Fact]
    public async Task A_policy_that_throws_is_internal()
    {
        var server = new AuthorizeServer(new AuthorizeServerOptions { Policies = AuthorizationPolicySet.Create<NetworkServiceAuthorizationInput>(new Throwing()) });
        var ex = await Assert.ThrowsAsync<NsmStatusException>(async () => await server.RequestAsync(Request(), Remote(), new FuncHandler()));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task In_process_calls_without_a_caller_are_not_checked()
    {
        var next = new FuncHandler();
        await new AuthorizeServer(new AuthorizeServerOptions { Policies = TokensValid }).RequestAsync(Request(), new NsmContext(), next);
        Assert.Equal(1, next.Requests);
    }

    [Fact]
    public async Task Server_keeps_the_spiffe_id_connection_map_and_the_monitor_policy_uses_it()
    {
        var map = new SpiffeIdConnectionMap();
        var server = new AuthorizeServer(new AuthorizeServerOptions { ConnectionMap = map });
        var monitor = new AuthorizeMonitorServer(new AuthorizeMonitorOptions { ConnectionMap = map, Policies = DefaultAuthorizationPolicies.Monitor() });
        await server.RequestAsync(Request(), Remote(), new FuncHandler());
        Assert.Equal(["nsc-id"], map.Get("spiffe://test.com/nsc"));

        var own = new MonitorScopeSelector();
        own.PathSegments.Add(new PathSegment { Id = "nsc-id" });
        await monitor.MonitorConnectionsAsync(own, null!, Remote(), MonitorConnectionHandler.Tail);
        var other = new MonitorScopeSelector();
        other.PathSegments.Add(new PathSegment { Id = "someone-else" });
        var ex = await Assert.ThrowsAsync<NsmStatusException>(() => monitor.MonitorConnectionsAsync(other, null!, Remote(), MonitorConnectionHandler.Tail));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);

        await server.CloseAsync(Request().Connection, Remote(), new FuncHandler());
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public async Task A_failed_request_removes_the_map_entry()
    {
        var map = new SpiffeIdConnectionMap();
        var server = new AuthorizeServer(new AuthorizeServerOptions { ConnectionMap = map });
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await server.RequestAsync(Request(), Remote(), new FuncHandler((_, _) => throw new InvalidOperationException("downstream"))));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public async Task Client_closes_a_new_connection_that_fails_policy_but_not_a_refresh()
    {
        var valid = true;
        var client = new AuthorizeClient(new AuthorizeClientOptions { Policies = AuthorizationPolicySet.Create<NetworkServiceAuthorizationInput>(new Switch(() => valid)) });
        var next = new FuncHandler();
        await client.RequestAsync(Request(), new NsmContext(), next);

        valid = false;
        var refresh = await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RequestAsync(Request(), new NsmContext(), next));
        Assert.Equal(StatusCode.PermissionDenied, refresh.StatusCode);
        Assert.Equal(0, next.Closes);

        var fresh = Request();
        fresh.Connection.Id = "other";
        await Assert.ThrowsAsync<NsmStatusException>(async () => await client.RequestAsync(fresh, new NsmContext(), next));
        Assert.Equal(1, next.Closes);
    }

    private sealed class Throwing : IAuthorizationPolicy<NetworkServiceAuthorizationInput>
    {
        public string Name => "throwing";

        public bool IsValid(NetworkServiceAuthorizationInput input) => throw new InvalidOperationException("boom");
    }

    private sealed class Switch(Func<bool> valid) : IAuthorizationPolicy<NetworkServiceAuthorizationInput>
    {
        public string Name => "switch";

        public bool IsValid(NetworkServiceAuthorizationInput input) => valid();
    }
}
