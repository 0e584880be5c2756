using System.Net;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Tests.Common.Dial;

namespace Nsm.Sdk.Tests.Common.SiteTunnel;

/// <summary>The tunnel of the guide's nsm.yaml: its own form with real keys, each refusal naming the field, our routes, and a bad file holding the last good tunnel.</summary>
public sealed class SiteTunnelSettingsTests : IDisposable
{
    private const string KeyA = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string KeyB = "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=";
    private readonly string _dir = Directory.CreateTempSubdirectory("nsm-site-tunnel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_guides_nsm_yaml_with_keys_is_a_tunnel_to_its_endpoint_routing_the_registry()
    {
        var settings = SiteTunnelSettings.Parse(Guide(KeyA, KeyB));

        Assert.NotNull(settings);
        Assert.Equal((KeyA, KeyB, "203.0.113.50:51820"), (settings.PrivateKey, settings.PeerPublicKey, settings.PeerEndpoint));
        Assert.Equal(("203.0.113.50", 51820), (settings.PeerHost, settings.PeerPort));
        Assert.Equal(new Uri("tcp://registry.cluster-b.example.com:5001"), settings.RegistryUrl);
        Assert.Empty(settings.Routes);
        Assert.DoesNotContain(KeyA, settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_are_read_and_equal_settings_compare_equal()
    {
        var text = Guide(KeyA, KeyB) + "  routes: [172.31.222.0/24, \"fd00:222::/64\"]\n";

        var settings = SiteTunnelSettings.Parse(text);

        Assert.Equal([IPNetwork.Parse("172.31.222.0/24"), IPNetwork.Parse("fd00:222::/64")], settings!.Routes);
        Assert.Equal(settings, SiteTunnelSettings.Parse(text));
        Assert.NotEqual(settings, SiteTunnelSettings.Parse(Guide(KeyA, KeyB)));
    }

    [Theory]
    [InlineData("registry:\n  url: r:5001\n")]
    [InlineData("")]
    [InlineData("tunnel:\n")]
    public void Without_a_tunnel_section_there_is_no_tunnel(string text) => Assert.Null(SiteTunnelSettings.Parse(text));

    [Theory]
    [InlineData("type: ipsec", "tunnel.type: ipsec is not supported here: use type: wireguard")]
    [InlineData("type: gre", "tunnel.type: unknown tunnel type 'gre'")]
    [InlineData("privateKey: <base64-encoded-key>", "tunnel.privateKey: '<base64-encoded-key>' is not a WireGuard key")]
    [InlineData("peerPublicKey: <peer-public-key>", "tunnel.peerPublicKey: '<peer-public-key>' is not a WireGuard key")]
    [InlineData("peerEndpoint: \"203.0.113.50\"", "tunnel.peerEndpoint: '203.0.113.50' is not host:port")]
    [InlineData("routes: [10.0.0.1/24]", "tunnel.routes[0]: '10.0.0.1/24' is not a CIDR")]
    [InlineData("routes: [203.0.113.0/24]", "tunnel.routes: 203.0.113.0/24 contains the peer endpoint 203.0.113.50")]
    public void A_wrong_field_is_refused_by_name(string line, string expected)
    {
        var key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var text = string.Join('\n', Guide(KeyA, KeyB).Split('\n').Where(l => !l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal))) + "  " + line + "\n";

        var e = Assert.Throws<FormatException>(() => SiteTunnelSettings.Parse(text));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_is_reported_once_and_the_last_good_tunnel_holds_until_it_changes()
    {
        var path = Path.Combine(_dir, "nsm.yaml");
        var logger = new ListLogger();
        var file = new SiteTunnelConfigFile(path, logger);
        Assert.Null(file.Current());

        File.WriteAllText(path, Guide(KeyA, KeyB));
        var good = file.Current();
        Assert.NotNull(good);

        File.WriteAllText(path, Guide("<base64-encoded-key>", KeyB));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(good, file.Current());
        Assert.Equal(good, file.Current());
        Assert.Single(logger.Lines, l => l.EventId == 1416 && l.Text.Contains("tunnel.privateKey", StringComparison.Ordinal) && l.Text.Contains("stays as it was", StringComparison.Ordinal));

        File.Delete(path);
        Assert.Null(file.Current());
    }

    private static string Guide(string privateKey, string peerKey) => $"""
        registry:
          url: "tcp://registry.cluster-b.example.com:5001"
        tunnel:
          type: wireguard
          privateKey: {privateKey}
          peerPublicKey: {peerKey}
          peerEndpoint: "203.0.113.50:51820"

        """;
}
