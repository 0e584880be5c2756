using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Registry.Common.DnsResolve;

namespace Nsm.Sdk.Tests.RegistryCommon.Interdomain;

public sealed class DomainRewriteTests
{
    [Fact]
    public void Names_service_names_and_label_keys_move_between_the_two_forms()
    {
        var nse = new NetworkServiceEndpoint { Name = "nse-1", NetworkServiceNames = { "svc@b" }, Url = "tcp://1.2.3.4:5001" };
        nse.NetworkServiceLabels["svc@b"] = new NetworkServiceLabels { Labels = { ["app"] = "x" } };

        Assert.Equal("b", DomainRewrite.DomainOf(nse));
        var local = DomainRewrite.Strip(nse);
        Assert.Equal("nse-1", local.Name);
        Assert.Equal(["svc"], local.NetworkServiceNames);
        Assert.Equal("x", local.NetworkServiceLabels["svc"].Labels["app"]);

        var back = DomainRewrite.Append(local, "b");
        Assert.Equal("nse-1@b", back.Name);
        Assert.Equal(["svc@b"], back.NetworkServiceNames);
        Assert.True(back.NetworkServiceLabels.ContainsKey("svc@b"));
        Assert.Equal("svc@b", InterdomainName.Join("svc@b", "b"));
        Assert.Equal("", InterdomainName.Domain("svc"));
    }
}
