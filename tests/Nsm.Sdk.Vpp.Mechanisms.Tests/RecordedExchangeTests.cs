using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Cmd.ForwarderVpp;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.KernelVethPair;
using Nsm.Sdk.Vpp.Mechanisms.Tests.Support;
using Nsm.Vpp.Testing;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests;

/// <summary>
/// forwarder-vpp's chains against a fake VPP that answers with what a real VPP (v26.10) answered in the same scenario
/// (Recordings/, made by scripts/real-vpp.sh --record): the same requests in the same order, byte for byte where nothing
/// random is in them, and the real VPP's answers carry the connection through Request and Close.
/// </summary>
public sealed class RecordedExchangeTests : IAsyncLifetime
{
    // Messages whose bodies hold a random MAC (the veths') or nothing else to compare.
    private static readonly HashSet<string> RandomBodies = ["af_packet_create_v3", "ip_neighbor_add_del"];
    private readonly MechanismFixture _fixture = new();
    private readonly List<NetNs> _namespaces = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _fixture.DisposeAsync();
        foreach (var ns in _namespaces)
        {
            var name = ns.DisplayName;
            ns.Dispose();
            NetNs.Delete(name);
        }
    }

    [Theory]
    [InlineData("ETHERNET")]
    [InlineData("IP")]
    public async Task Kernel_to_kernel_sends_what_a_real_VPP_got_and_works_with_its_answers(string payload)
    {
        var recording = VppRecording.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(AppContext.BaseDirectory, "Recordings", $"kernel-to-kernel-{payload.ToLowerInvariant()}.vpp")));
        _fixture.Vpp.Replay(recording);
        var vpp = await NewNamespaceAsync();
        var nsc = await NewNamespaceAsync();
        var nse = await NewNamespaceAsync();
        var options = ForwarderVppOptions.FromEnvironment(new NsmEnvironment(n => n == "NSM_TUNNEL_IP" ? "10.0.2.1" : null));
        var kernel = new KernelVethPairOptions { VppNetNsPath = vpp.Path };
        var nseAnswer = FakeNext.KernelEndpoint(nse.Path);
        var client = new NetworkServiceClientChain([new MechanismTranslationClient(), .. ForwarderVppChain.Client(_fixture.Client, options, 1500, NullLogger.Instance, kernel), new HandlerClient(nseAnswer)]);
        var forwarder = new NetworkServiceServerChain([.. ForwarderVppChain.Server(_fixture.Client, options, 1500, NullLogger.Instance, kernel), new ConnectServer(client)]);
        var context = new NsmContext { Metadata = new ConnectionMetadata("k2k") };
        var request = new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = "k2k-" + payload,
                NetworkService = "kernel2kernel",
                Payload = payload,
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/31" }, DstIpAddrs = { "172.16.1.100/31" } } },
            },
            MechanismPreferences = { KernelMechanism.New("file://" + nsc.Path) },
        };

        var connection = await forwarder.RequestAsync(request, context);
        await forwarder.CloseAsync(connection, context);

        Assert.True(recording.Requests.Count >= 6, $"the recording holds only {recording.Requests.Count} requests");
        Assert.Equal(recording.Requests, _fixture.Sent());
        var recorded = recording.Frames.Where(f => f.FromClient && recording.Requests.Contains(f.Name)).ToList();
        var sent = _fixture.Sent();
        var ids = VppMechanismMessages.All.Select(m => _fixture.Vpp.IdOf(m.Name)).ToHashSet();
        var bodies = _fixture.Vpp.Received.Where(f => ids.Contains(f.Id)).ToList();
        for (var i = 0; i < sent.Count; i++)
        {
            if (!RandomBodies.Contains(sent[i]))
            {
                // Past the id, client_index and context: the fields as the real VPP got them.
                Assert.Equal(Convert.ToHexString(recorded[i].Body.AsSpan(10)), Convert.ToHexString(bodies[i].Body.AsSpan(10)));
            }
        }

        Assert.Empty(_fixture.Vpp.Dropped);
    }

    private async Task<NetNs> NewNamespaceAsync()
    {
        var ns = await NetNs.CreateAsync("nsmvr-" + Guid.NewGuid().ToString("N")[..6]);
        _namespaces.Add(ns);
        return ns;
    }
}
