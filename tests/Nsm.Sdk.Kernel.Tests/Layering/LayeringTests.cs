using System.Reflection;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Tests.Layering;

/// <summary>Nsm.Netlink is a netlink and namespace library with no NSM dependency; Nsm.Sdk.Kernel puts NSM on top.</summary>
public class LayeringTests
{
    private static readonly Assembly Netlink = typeof(NetlinkHandle).Assembly;
    private static readonly Assembly Kernel = typeof(KernelVethForwarder).Assembly;

    [Fact]
    public void Netlink_references_nothing_of_nsm()
    {
        Assert.Equal("Nsm.Netlink", Netlink.GetName().Name);
        var refs = Netlink.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.DoesNotContain(refs, r => r.StartsWith("Nsm.", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Grpc.", StringComparison.Ordinal) || r.StartsWith("Google.", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.", StringComparison.Ordinal));
    }

    [Fact]
    public void Kernel_sits_on_netlink_and_the_sdk_without_hosting()
    {
        Assert.Equal("Nsm.Sdk.Kernel", Kernel.GetName().Name);
        var refs = Kernel.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.Contains("Nsm.Netlink", refs);
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r == "Nsm.Sdk.Hosting");
    }
}
