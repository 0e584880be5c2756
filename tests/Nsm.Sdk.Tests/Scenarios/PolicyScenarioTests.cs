using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Scenarios;

/// <summary>A secure sandbox enforces upstream's default policies: a broken token chain is refused, a proper client is served.</summary>
public sealed class PolicyScenarioTests
{
    private const string Service = "policed";

    [Fact]
    public async Task A_token_not_signed_by_the_tls_peer_is_permission_denied_and_a_proper_client_is_served()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        await domain.RegisterServiceAsync(Service);
        await domain.Nodes[0].NewEndpointAsync("nse", [Service]);
        using var forger = NsmIdentity.CreateSelfSigned(domain.Identities!.IdOf("forger"), domain.Clock, TimeSpan.FromHours(1));
        var forged = domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "forger", Heal = false, Retry = false, TokenGenerator = new SpiffeJwtTokenGenerator(new FixedIdentity(forger), domain.Clock) });

        var denied = await Assert.ThrowsAnyAsync<Exception>(() => forged.RequestAsync(SandboxClient.DefaultRequest(Service)));

        Assert.Equal(StatusCode.PermissionDenied, StatusOf(denied));
        Assert.Contains(PolicyNames.PrevTokenSigned, denied.Message, StringComparison.Ordinal);
        var conn = await domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "proper", Heal = false, Retry = false }).RequestAsync(SandboxClient.DefaultRequest(Service));
        Assert.Equal(["proper", "nsmgr-0", "forwarder-0", "nse"], ScenarioKit.Names(conn));
    }

    [Fact]
    public async Task An_expired_token_is_permission_denied()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await SandboxDomain.BuildAsync(new SandboxOptions { Clock = clock });
        await domain.RegisterServiceAsync(Service);
        await domain.Nodes[0].NewEndpointAsync("nse", [Service]);
        var past = new FakeTimeProvider(clock.GetUtcNow() - TimeSpan.FromMinutes(30));
        var stale = new SpiffeJwtTokenGenerator(domain.Identities!.CredentialsOf("stale").Source, past);
        var nsc = domain.Nodes[0].NewClient(new SandboxClientOptions { Name = "stale", Heal = false, Retry = false, TokenGenerator = stale });

        var denied = await Assert.ThrowsAnyAsync<Exception>(() => nsc.RequestAsync(SandboxClient.DefaultRequest(Service)));

        Assert.Equal(StatusCode.PermissionDenied, StatusOf(denied));
        Assert.Contains(PolicyNames.TokensExpired, denied.Message, StringComparison.Ordinal);
    }

    private static StatusCode? StatusOf(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode,
        NsmStatusException nsm => nsm.StatusCode,
        _ => null,
    };

    private sealed class FixedIdentity(NsmIdentity identity) : IIdentityProvider
    {
        public NsmIdentity GetIdentity() => identity;
    }
}
