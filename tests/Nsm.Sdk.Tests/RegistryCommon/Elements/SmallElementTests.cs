using Microsoft.Extensions.Time.Testing;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.ClientInfo;
using Nsm.Sdk.Registry.Common.Retry;
using Nsm.Sdk.Registry.Common.SetRegistrationTime;

namespace Nsm.Sdk.Tests.RegistryCommon.Elements;

public sealed class SmallElementTests
{
    [Fact]
    public async Task ClientInfo_adds_node_labels_to_existing_sets_without_overwriting()
    {
        var env = new Dictionary<string, string> { ["NODE_NAME"] = "node-1", ["POD_NAME"] = "pod-1" };
        var terminal = new RecordingNse();
        var chain = new NetworkServiceEndpointRegistryServerChain(new ClientInfoNseRegistry(env.GetValueOrDefault), terminal);
        var nse = new NetworkServiceEndpoint { Name = "n" };
        nse.NetworkServiceLabels.Add("svc", new NetworkServiceLabels { Labels = { ["podName"] = "mine" } });
        await chain.RegisterAsync(nse, new NsmContext());
        var labels = Assert.Single(terminal.Seen).NetworkServiceLabels["svc"].Labels;
        Assert.Equal("node-1", labels["nodeName"]);
        Assert.Equal("mine", labels["podName"]);
        Assert.False(labels.ContainsKey("clusterName"));
        Assert.False(nse.NetworkServiceLabels["svc"].Labels.ContainsKey("nodeName")); // the caller's object is untouched
    }

    [Fact]
    public void Retry_Ctor_Ok_defaults()
    {
        var o = new RetryOptions();
        Assert.Equal(TimeSpan.FromSeconds(15), o.TryTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(200), o.Interval);
    }

    [Fact]
    public async Task Retry_retries_register_until_it_succeeds()
    {
        var terminal = new RecordingNse { FailNext = 3 };
        var chain = new NetworkServiceEndpointRegistryClientChain(new RetryNseClient(new RetryOptions { Interval = TimeSpan.FromMilliseconds(1) }), terminal);
        await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext());
        Assert.Equal(1, terminal.Registers);
    }

    [Fact]
    public async Task Retry_stops_when_the_caller_cancels()
    {
        var terminal = new RecordingNse { FailNext = int.MaxValue };
        var chain = new NetworkServiceEndpointRegistryClientChain(new RetryNseClient(new RetryOptions { Interval = TimeSpan.FromMilliseconds(5) }), terminal);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<Exception>(async () => await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext(cancellationToken: cts.Token)));
    }

    [Fact]
    public async Task SetRegistrationTime_keeps_the_first_time_across_refreshes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var terminal = new RecordingNse();
        var chain = new NetworkServiceEndpointRegistryServerChain(new SetRegistrationTimeNseServer(), terminal);
        var first = await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext(clock));
        clock.Advance(TimeSpan.FromSeconds(40));
        var second = await chain.RegisterAsync(new NetworkServiceEndpoint { Name = "n" }, new NsmContext(clock));
        Assert.Equal(first.InitialRegistrationTime, second.InitialRegistrationTime);
    }
}
