using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Mechanisms;

public class KernelMechanismTests
{
    [Fact]
    public async Task Client_appends_a_kernel_preference_with_thread_self_netns_and_generated_name()
    {
        var request = TestExtensions.Request("c", "a-very-long-service-name");
        await new KernelMechanismClient().RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        var kernel = KernelMechanism.ToMechanism(Assert.Single(request.MechanismPreferences))!;
        Assert.Equal(Cls.Local, kernel.Mechanism.Cls);
        Assert.Equal("file:///proc/thread-self/ns/net", kernel.NetNSUrl);
        Assert.Equal(15, kernel.InterfaceName.Length);
        Assert.StartsWith("a-very-lon-", kernel.InterfaceName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_completes_existing_preferences_and_keeps_existing_names()
    {
        var request = TestExtensions.Request("c", "svc");
        var named = KernelMechanism.New("file:///whatever");
        named.Parameters["name"] = "nsm-1";
        request.MechanismPreferences.Add([named, new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType }, MemifMechanism.New("/s")]);
        var options = new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForProcess(1234), InterfaceName = "fixed-name-that-is-too-long", Mtu = 1400 };
        await new KernelMechanismClient(options).RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(3, request.MechanismPreferences.Count);
        var first = KernelMechanism.ToMechanism(request.MechanismPreferences[0])!;
        var second = KernelMechanism.ToMechanism(request.MechanismPreferences[1])!;
        Assert.Equal(("nsm-1", "file:///proc/1234/ns/net"), (first.InterfaceName, first.NetNSUrl));
        Assert.Equal(("fixed-name-that", "file:///proc/1234/ns/net"), (second.InterfaceName, second.NetNSUrl));
        Assert.Equal("1400", second.Parameters[CommonParameters.Mtu]);
        Assert.False(request.MechanismPreferences[2].Parameters.ContainsKey("name"));
    }

    [Fact]
    public async Task Fixed_name_is_deterministic_and_generated_name_is_stable_per_connection()
    {
        var fixedClient = new KernelMechanismClient(new KernelMechanismOptions { InterfaceName = "eth-nsm" });
        var r1 = TestExtensions.Request();
        var r2 = TestExtensions.Request();
        await fixedClient.RequestAsync(r1, new NsmContext(), NetworkServiceHandler.Tail);
        await fixedClient.RequestAsync(r2, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal("eth-nsm", r1.MechanismPreferences[0].Parameters["name"]);
        Assert.Equal("eth-nsm", r2.MechanismPreferences[0].Parameters["name"]);

        var n = 0;
        var chain = new NetworkServiceClientChain(
            new MetadataClient(),
            new KernelMechanismClient(new KernelMechanismOptions { InterfaceNameGenerator = s => $"{s}-{++n}" }));
        var a = TestExtensions.Request("same");
        var b = TestExtensions.Request("same");
        await chain.RequestAsync(a, new NsmContext());
        await chain.RequestAsync(b, new NsmContext());
        Assert.Equal("svc-1", a.MechanismPreferences[0].Parameters["name"]);
        Assert.Equal("svc-1", b.MechanismPreferences[0].Parameters["name"]);
    }

    [Fact]
    public async Task Server_completes_only_a_selected_kernel_mechanism()
    {
        var server = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForNamedNetNS("nse-1") });
        var request = TestExtensions.Request("c", "icmp-responder");
        request.Connection.Mechanism = new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType };
        var conn = await server.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        var kernel = KernelMechanism.ToMechanism(conn.Mechanism)!;
        Assert.Equal("file:///run/netns/nse-1", kernel.NetNSUrl);
        Assert.Matches("^icmp-respo-[a-z0-9]{4}$", kernel.InterfaceName);

        var memif = TestExtensions.Request();
        memif.Connection.Mechanism = MemifMechanism.New("/s");
        conn = await server.RequestAsync(memif, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.False(conn.Mechanism.Parameters.ContainsKey("name"));
    }

    [Fact]
    public void Options_validate_netns_urls()
    {
        Assert.Equal("file:///var/run/netns/x", KernelMechanismOptions.ForPath("/var/run/netns/x"));
        Assert.Throws<ArgumentException>(() => new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = "/proc/1/ns/net" }));
        Assert.Throws<ArgumentException>(() => new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = "tcp://x" }));
        Assert.Throws<ArgumentException>(() => KernelMechanismOptions.ForNamedNetNS("a/b"));
        _ = new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = "inode://4/4026531840" });
    }
}
