using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.FilterMechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.FilterMechanisms;

public class FilterMechanismsClientTests
{
    [Theory]
    [InlineData("unix:///var/lib/nsm/nsm.io.sock", Cls.Local)]
    [InlineData("inode://4/4026531840", Cls.Local)]
    [InlineData("tcp://10.0.0.1:5001", Cls.Remote)]
    [InlineData(null, Cls.Remote)]
    public async Task Keeps_class_by_client_url_scheme(string? url, string expected)
    {
        var request = TestExtensions.Request();
        request.MechanismPreferences.Add(
        [
            KernelMechanism.New("file:///x"),
            VxlanMechanism.New(System.Net.IPAddress.Loopback),
            MemifMechanism.New("/s"),
            new Mechanism { Cls = Cls.Remote, Type = "WIREGUARD" },
        ]);
        var context = new NsmContext { ClientUrl = url is null ? null : new Uri(url) };
        await new FilterMechanismsClient().RequestAsync(request, context, NetworkServiceHandler.Tail);
        Assert.Equal(2, request.MechanismPreferences.Count);
        Assert.All(request.MechanismPreferences, m => Assert.Equal(expected, m.Cls));
    }
}
