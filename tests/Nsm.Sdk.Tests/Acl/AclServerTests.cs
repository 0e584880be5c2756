using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
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
        Assert.Equal(["remove c1"], enforcer.Log); // the Close's own removal: nothing was applied, so nothing to remove
    }

    [Fact]
    public async Task A_Request_cancelled_while_its_rules_are_installed_is_closed_downstream_with_a_context_of_its_own()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        var enforcer = new RecordingEnforcer(Rules) { WaitForCancellation = true };
        NsmContext? closeContext = null;
        var count = new CountElement();
        var chain = new NetworkServiceServerChain(new AclServer(enforcer), LambdaElement.CheckClose((_, ctx) => closeContext = ctx), count);
        using var caller = new CancellationTokenSource();
        var context = new NsmContext(clock, deadline: clock.GetUtcNow() + TimeSpan.FromSeconds(10), cancellationToken: caller.Token);

        var request = chain.RequestAsync(Request("c1", "fw-in-1"), context, NetworkServiceHandler.Tail).AsTask();
        await enforcer.Applying.Task; // next has succeeded; the rules are being installed
        clock.Advance(TimeSpan.FromSeconds(4));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Equal(1, count.Requests);
        Assert.Equal(1, count.Closes);
        Assert.Equal(["remove c1"], enforcer.Log);
        Assert.NotNull(closeContext);
        Assert.False(closeContext.CancellationToken.IsCancellationRequested);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(10), closeContext.Deadline); // the Request's budget, counted from the Close
    }

    [Fact]
    public async Task The_clean_up_Close_of_a_Request_without_deadline_is_bounded_and_the_Request_keeps_its_own_error()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1000));
        var enforcer = new RecordingEnforcer(Rules) { Fail = new InvalidOperationException("nft: Operation not permitted") };
        var closing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hangingClose = new LambdaElement(onClose: async (_, ctx, _) =>
        {
            closing.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.CancellationToken);
        });
        var chain = new NetworkServiceServerChain(new AclServer(enforcer), hangingClose);

        var request = chain.RequestAsync(Request("c1", "fw-in-1"), new NsmContext(clock), NetworkServiceHandler.Tail).AsTask();
        await closing.Task;
        Assert.False(request.IsCompleted);
        clock.Advance(PostponedClose.DefaultBudget);

        var e = await Assert.ThrowsAsync<RpcException>(() => request);
        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains("Operation not permitted", e.Status.Detail, StringComparison.Ordinal);
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

        /// <summary>Gets a value indicating whether Apply waits until its call is cancelled.</summary>
        public bool WaitForCancellation { get; init; }

        /// <summary>Gets a task that completes when Apply is called.</summary>
        public TaskCompletionSource Applying { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AclRuleSet Rules => rules;

        public async ValueTask ApplyAsync(string connectionId, string interfaceName, CancellationToken cancellationToken)
        {
            Applying.TrySetResult();
            if (Fail is not null)
            {
                throw Fail;
            }

            if (WaitForCancellation)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            Log.Add($"apply {connectionId} {interfaceName}");
        }

        public ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
        {
            Log.Add($"remove {connectionId}");
            return ValueTask.CompletedTask;
        }
    }
}
