using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Api;

public class NscRequestUrlTests
{
    [Fact]
    public void Kernel_url_with_path_and_label()
    {
        var r = NscRequestUrl.Parse("kernel://my-svc/nsm-1?app=foo");
        Assert.Equal("LOCAL", r.Mechanism.Cls);
        Assert.Equal("KERNEL", r.Mechanism.Type);
        Assert.Equal("nsm-1", r.Mechanism.Parameters["name"]);
        Assert.Single(r.Mechanism.Parameters);
        Assert.Equal("my-svc", r.NetworkService);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "foo" }, r.Labels);
    }

    [Fact]
    public void Bare_service_name_is_kernel_nsm_1()
    {
        var r = NscRequestUrl.Parse("isolated-network");
        Assert.Equal(("LOCAL", "KERNEL"), (r.Mechanism.Cls, r.Mechanism.Type));
        Assert.Equal("nsm-1", r.Mechanism.Parameters["name"]);
        Assert.Equal("isolated-network", r.NetworkService);
        Assert.Empty(r.Labels);
    }

    [Fact]
    public void Scheme_is_uppercased_and_no_path_means_no_name()
    {
        var r = NscRequestUrl.Parse("memif://svc");
        Assert.Equal("MEMIF", r.Mechanism.Type);
        Assert.Empty(r.Mechanism.Parameters);
        Assert.Equal("svc", r.NetworkService);
        Assert.Empty(NscRequestUrl.Parse("kernel://svc/").Mechanism.Parameters);
    }

    [Fact]
    public void Last_path_element_is_the_name()
    {
        Assert.Equal("if0", NscRequestUrl.Parse("kernel://svc/a/b/if0").Mechanism.Parameters["name"]);
        Assert.Equal("if0", NscRequestUrl.Parse("kernel://svc/if0/").Mechanism.Parameters["name"]);
    }

    [Fact]
    public void Interdomain_keeps_user_at_host()
    {
        var r = NscRequestUrl.Parse("kernel://my-svc@cluster2.example/nsm-1");
        Assert.Equal("my-svc@cluster2.example", r.NetworkService);
    }

    [Fact]
    public void Multi_valued_labels_are_joined_with_comma()
    {
        var r = NscRequestUrl.Parse("kernel://svc/nsm-1?color=red&app=x&color=blue&sp=a+b%2Cc&empty=");
        Assert.Equal("red,blue", r.Labels["color"]);
        Assert.Equal("x", r.Labels["app"]);
        Assert.Equal("a b,c", r.Labels["sp"]);
        Assert.Equal(string.Empty, r.Labels["empty"]);
    }

    [Fact]
    public void Host_case_is_preserved()
    {
        Assert.Equal("My-Svc", NscRequestUrl.Parse("KERNEL://My-Svc/nsm-1").NetworkService);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("kernel://")]
    [InlineData("kernel:///nsm-1")]
    [InlineData("://svc")]
    [InlineData("kernel://svc?bad=%zz")]
    public void Invalid(string url)
    {
        Assert.False(NscRequestUrl.TryParse(url, out _));
        Assert.Throws<FormatException>(() => NscRequestUrl.Parse(url));
    }

    [Fact]
    public void ToRequest_builds_connection_and_preference()
    {
        var request = NscRequestUrl.Parse("kernel://svc/nsm-2?app=a").ToRequest();
        Assert.Equal("svc", request.Connection.NetworkService);
        Assert.Equal("a", request.Connection.Labels["app"]);
        var mech = Assert.Single(request.MechanismPreferences);
        Assert.Equal("KERNEL", mech.Type);
        Assert.Equal("nsm-2", mech.Parameters["name"]);
    }
}
