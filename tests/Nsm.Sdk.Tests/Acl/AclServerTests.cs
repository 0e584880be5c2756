using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Testing;

namespace Nsm.Sdk.Tests.Acl;

public sealed class AclServerTests
{
    private static readonly AclRuleSet Rules = FirewallRules.Parse("permit tcp any any port 80\ndeny ip any any");

    [Fact]
    public async Task Request_applies_to_the_kernel_interface_after_next_and_Close_removes_before_next()
    {
        var enforcer = new RecordingEnforcer(Rules);
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new AclServer(enforcer), LambdaElement.CheckClose((_, _) => enforcer.Log.Add("next close")), count);

        await chain.RequestAsync(Request("c1", "fw-in-1"), new NsmContext(), NetworkServiceHandler.Tail);
        await chain.RequestAsync(Request("c1", "fw-in-1"), new NsmContext(), NetworkServiceHandler.Tail);
        await chain.CloseAsync(Request("c1", "fw-in-1").Connection, new NsmContext(), NetworkServiceHandler.Tail);

        Assert.Equal(["apply c1 fw-in-1", "apply c1 fw-in-1", "remove c1", "next close"], enforcer.Log);
        Assert.Equal(2, count.Requests);
    }

    [Fact]
    public async Task No_kernel_interface_is_refused_and_closed_downstream()
    {
        var enforcer = new RecordingEnforcer(Rules);
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new AclServer(enforcer), count);
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1", Mechanism = new Mechanism { Type = "MEMIF", Cls = "LOCAL" } } };

        var e = await Assert.ThrowsAsync<RpcException>(async () => await chain.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("MEMIF", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, count.Closes);
        Assert.Empty(enforcer.Log);
    }

    [Fact]
    public async Task Rules_that_cannot_be_installed_refuse_the_connection_and_close_it_downstream()
    {
        var enforcer = new RecordingEnforcer(Rules) { Fail = new InvalidOperationException("nft: Operation not permitted") };
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new AclServer(enforcer), count);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await chain.RequestAsync(Request("c1", "fw-in-1"), new NsmContext(), NetworkServiceHandler.Tail));

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains("Operation not permitted", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, count.Closes);
    }

    [Fact]
    public async Task Empty_rule_set_installs_nothing()
    {
        var enforcer = new RecordingEnforcer(AclRuleSet.Empty);
        var chain = new NetworkServiceServerChain(new AclServer(enforcer));
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1" } };

        await chain.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        await chain.CloseAsync(request.Connection, new NsmContext(), NetworkServiceHandler.Tail);

        Assert.Empty(enforcer.Log);
    }

    private static NetworkServiceRequest Request(string id, string name)
    {
        var mechanism = KernelMechanism.New("file:///proc/1/ns/net");
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = name;
        return new NetworkServiceRequest { Connection = new Connection { Id = id, Mechanism = mechanism } };
    }

    private sealed class RecordingEnforcer(AclRuleSet rules) : IAclEnforcer
    {
        public List<string> Log { get; } = [];

        public Exception? Fail { get; init; }

        public AclRuleSet Rules => rules;

        public ValueTask ApplyAsync(string connectionId, string interfaceName, CancellationToken cancellationToken)
        {
            if (Fail is not null)
            {
                throw Fail;
            }

            Log.Add($"apply {connectionId} {interfaceName}");
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
        {
            Log.Add($"remove {connectionId}");
            return ValueTask.CompletedTask;
        }
    }
}
