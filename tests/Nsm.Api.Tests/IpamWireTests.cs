using Nsm.Api.Ipam;

namespace Nsm.Api.Tests;

public class IpamWireTests
{
    private static WireWriter Expect(Action<WireWriter> build)
    {
        var w = new WireWriter();
        build(w);
        return w;
    }

    [Theory]
    [InlineData(Nsm.Api.Ipam.Type.Undefined, 0)]
    [InlineData(Nsm.Api.Ipam.Type.Allocate, 1)]
    [InlineData(Nsm.Api.Ipam.Type.Delete, 2)]
    public void Type_numbers(Nsm.Api.Ipam.Type type, int number) => Assert.Equal(number, (int)type);

    [Fact]
    public void PrefixRequest_encodes() =>
        WireAssert.Encodes(
            new PrefixRequest
            {
                Type = Nsm.Api.Ipam.Type.Delete,
                Prefix = "172.16.1.0/24",
                ExcludePrefixes = { "172.16.0.0/24", "10.0.0.0/8" },
            },
            Expect(w => w.Enum(1, 2).String(2, "172.16.1.0/24").String(3, "172.16.0.0/24").String(3, "10.0.0.0/8")));

    [Fact]
    public void PrefixResponse_encodes_starting_at_field_2() =>
        WireAssert.Encodes(
            new PrefixResponse { Prefix = "172.16.1.0/24", ExcludePrefixes = { "172.16.0.0/24" } },
            Expect(w => w.String(2, "172.16.1.0/24").String(3, "172.16.0.0/24")));

    [Fact]
    public void PrefixResponse_has_no_field_1()
    {
        Assert.Null(PrefixResponse.Descriptor.FindFieldByNumber(1));
        Assert.Equal("prefix", PrefixResponse.Descriptor.FindFieldByNumber(2).Name);
        Assert.Equal(2, PrefixResponse.Descriptor.Fields.InFieldNumberOrder().Count);

        // A field-1 varint (as if a type were sent) is kept as an unknown field, not mapped to prefix.
        var parsed = PrefixResponse.Parser.ParseFrom([0x08, 0x01]);
        Assert.Equal(string.Empty, parsed.Prefix);
    }
}
