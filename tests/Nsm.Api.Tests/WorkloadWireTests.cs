using Google.Protobuf;
using Nsm.Api.Spiffe;

namespace Nsm.Api.Tests;

public class WorkloadWireTests
{
    private static WireWriter Expect(Action<WireWriter> build)
    {
        var w = new WireWriter();
        build(w);
        return w;
    }

    [Fact]
    public void X509SVIDResponse_encodes()
    {
        var svid = new X509SVID
        {
            SpiffeId = "spiffe://example.org/ns/default/pod/a",
            X509Svid = Google.Protobuf.ByteString.CopyFrom(0x30, 0x01),
            X509SvidKey = Google.Protobuf.ByteString.CopyFrom(0x30, 0x02),
            Bundle = Google.Protobuf.ByteString.CopyFrom(0x30, 0x03),
            Hint = "internal",
        };
        var response = new X509SVIDResponse
        {
            Svids = { svid },
            Crl = { Google.Protobuf.ByteString.CopyFrom(0xAA) },
            FederatedBundles = { ["spiffe://other.org"] = Google.Protobuf.ByteString.CopyFrom(0xBB) },
        };
        WireAssert.Encodes(response, Expect(w =>
        {
            w.Message(1, s =>
            {
                s.String(1, "spiffe://example.org/ns/default/pod/a");
                s.Bytes(2, 0x30, 0x01);
                s.Bytes(3, 0x30, 0x02);
                s.Bytes(4, 0x30, 0x03);
                s.String(5, "internal");
            });
            w.Bytes(2, 0xAA);
            w.Message(3, e => e.String(1, "spiffe://other.org").Bytes(2, 0xBB));
        }));
    }

    [Fact]
    public void X509BundlesResponse_encodes() =>
        WireAssert.Encodes(
            new X509BundlesResponse { Bundles = { ["example.org"] = Google.Protobuf.ByteString.CopyFrom(0x01, 0x02) } },
            Expect(w => w.Message(1, e => e.String(1, "example.org").Bytes(2, 0x01, 0x02))));

    [Fact]
    public void Requests_are_empty()
    {
        Assert.Empty(new X509SVIDRequest().ToByteArray());
        Assert.Empty(new X509BundlesRequest().ToByteArray());
        Assert.Empty(new JWTBundlesRequest().ToByteArray());
    }

    [Fact]
    public void Jwt_messages_encode()
    {
        WireAssert.Encodes(
            new JWTSVIDRequest { Audience = { "a", "b" }, SpiffeId = "spiffe://x/y" },
            Expect(w => w.String(1, "a").String(1, "b").String(2, "spiffe://x/y")));
        WireAssert.Encodes(
            new JWTSVIDResponse { Svids = { new JWTSVID { SpiffeId = "spiffe://x/y", Svid = "t.o.k", Hint = "h" } } },
            Expect(w => w.Message(1, s => s.String(1, "spiffe://x/y").String(2, "t.o.k").String(3, "h"))));
        WireAssert.Encodes(
            new ValidateJWTSVIDRequest { Audience = "aud", Svid = "t.o.k" },
            Expect(w => w.String(1, "aud").String(2, "t.o.k")));
        WireAssert.Encodes(
            new ValidateJWTSVIDResponse { SpiffeId = "spiffe://x/y" },
            Expect(w => w.String(1, "spiffe://x/y")));
        WireAssert.Encodes(
            new JWTBundlesResponse { Bundles = { ["x"] = Google.Protobuf.ByteString.CopyFrom(0x7B) } },
            Expect(w => w.Message(1, e => e.String(1, "x").Bytes(2, 0x7B))));
    }

    [Fact]
    public void Service_has_upstream_names_without_a_package()
    {
        var service = WorkloadReflection.Descriptor.Services.Single();
        Assert.Equal("SpiffeWorkloadAPI", service.FullName);
        Assert.Equal(string.Empty, WorkloadReflection.Descriptor.Package);
        var methods = service.Methods.ToDictionary(m => m.Name, m => (m.IsServerStreaming, m.InputType.FullName, m.OutputType.FullName));
        Assert.Equal((true, "X509SVIDRequest", "X509SVIDResponse"), methods["FetchX509SVID"]);
        Assert.Equal((true, "X509BundlesRequest", "X509BundlesResponse"), methods["FetchX509Bundles"]);
        Assert.Equal((false, "JWTSVIDRequest", "JWTSVIDResponse"), methods["FetchJWTSVID"]);
        Assert.Equal((true, "JWTBundlesRequest", "JWTBundlesResponse"), methods["FetchJWTBundles"]);
        Assert.Equal((false, "ValidateJWTSVIDRequest", "ValidateJWTSVIDResponse"), methods["ValidateJWTSVID"]);
        Assert.Equal(5, methods.Count);
    }
}
