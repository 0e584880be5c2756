using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Common.Metadata;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.MechanismTranslation;

public class MechanismTranslationClientTests
{
    [Fact]
    public async Task Downstream_gets_its_own_mechanism_and_upstream_gets_its_back()
    {
        var downstream = new CountElement();
        var chain = new NetworkServiceClientChain(
            new MetadataClient(),
            new MechanismTranslationClient(),
            downstream,
            LambdaElement.OnResponse(c => c.Mechanism = VxlanMechanism.New(System.Net.IPAddress.Loopback)));

        var request = TestExtensions.Request("fwd-conn");
        request.Connection.Mechanism = KernelMechanism.New("file:///proc/1/ns/net");
        request.MechanismPreferences.Add(KernelMechanism.New("file:///proc/1/ns/net"));
        var upstreamMechanism = request.Connection.Mechanism.Clone();

        var conn = await chain.RequestAsync(request, new NsmContext());
        Assert.Equal(upstreamMechanism, conn.Mechanism);
        Assert.Equal(upstreamMechanism, request.Connection.Mechanism);
        var first = downstream.SeenRequests.Last();
        Assert.Null(first.Connection.Mechanism);
        Assert.Empty(first.MechanismPreferences);

        // Refresh: downstream sees the mechanism it selected last time.
        conn = await chain.RequestAsync(request, new NsmContext());
        Assert.Equal(VxlanMechanism.MechanismType, downstream.SeenRequests.Last().Connection.Mechanism.Type);
        Assert.Equal(upstreamMechanism, conn.Mechanism);

        // Close: downstream closes its own mechanism.
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Equal(VxlanMechanism.MechanismType, downstream.SeenCloses.Single().Mechanism.Type);
        Assert.Equal(KernelMechanism.MechanismType, conn.Mechanism.Type);
    }
}
