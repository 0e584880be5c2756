using System.Net;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Tests;

/// <summary><c>nsmctl up --site-address --site-bridge --add-host</c>: checked at up and handed on to the supervisor.</summary>
public sealed class NsmctlSiteOptionsTests
{
    [Fact]
    public void Site_and_host_aliases_are_parsed_and_passed_on_as_supervise_arguments()
    {
        var options = NodeNetworkOptions.Create(2, "172.31.221.0/24")
            .WithSite("203.0.113.10/24", null, ["registry.cluster-b.example.com=172.31.222.2"]);

        Assert.Equal(new SiteAddress(IPAddress.Parse("203.0.113.10"), 24), options.Site);
        Assert.Equal("nsmsite0", options.SiteBridge);
        Assert.Equal([("registry.cluster-b.example.com", IPAddress.Parse("172.31.222.2"))], options.HostAliases);
        Assert.Equal(
            ["--nodes", "2", "--node-network", "172.31.221.0/24", "--site-address", "203.0.113.10/24", "--site-bridge", "nsmsite0", "--add-host", "registry.cluster-b.example.com=172.31.222.2"],
            options.Arguments());
        Assert.Empty(NodeNetworkOptions.Create(1, null).WithSite(null, null, []).Arguments());
    }

    [Theory]
    [InlineData(1, "203.0.113.10/24", null, "need --nodes 2 or more")]
    [InlineData(2, "203.0.113.10", null, "expected an IPv4 address with its prefix")]
    [InlineData(2, "172.31.221.9/24", null, "overlaps the node network")]
    [InlineData(2, null, "registry.example.com", "expected NAME=ADDRESS")]
    [InlineData(2, null, "registry.example.com=not-an-ip", "expected NAME=ADDRESS")]
    public void Bad_site_options_are_refused_with_what_is_expected(int nodes, string? site, string? host, string expected)
    {
        var e = Assert.Throws<ManifestException>(() => NodeNetworkOptions.Create(nodes, "172.31.221.0/24").WithSite(site, null, host is null ? [] : [host]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
