using System.Net;
using System.Net.NetworkInformation;
using Nsm.Sdk.Kernel.External;

namespace Nsm.Sdk.Kernel.Tests.External;

/// <summary>The bytes of the ARP probe and the DAD solicitation, and what counts as an answer.</summary>
public sealed class ConflictFramesTests
{
    private static readonly PhysicalAddress Own = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress Other = PhysicalAddress.Parse("02-00-00-00-00-02");

    [Fact]
    public void The_arp_probe_is_a_broadcast_who_has_from_0_0_0_0()
    {
        var frame = ConflictFrames.ArpProbe(Own, IPAddress.Parse("10.200.0.7"));
        Assert.Equal(
            "FFFFFFFFFFFF" + "020000000001" + "0806" + "0001" + "0800" + "06" + "04" + "0001" + "020000000001" + "00000000" + "000000000000" + "0AC80007",
            Convert.ToHexString(frame));
    }

    [Fact]
    public void A_reply_or_another_hosts_probe_for_the_address_is_a_conflict_our_own_probe_and_other_addresses_are_not()
    {
        var target = IPAddress.Parse("10.200.0.7");
        var probe = ConflictFrames.ArpProbe(Other, target);
        Assert.True(ConflictFrames.IsArpConflict(probe, target, Own));
        Assert.False(ConflictFrames.IsArpConflict(probe, target, Other));
        Assert.False(ConflictFrames.IsArpConflict(probe, IPAddress.Parse("10.200.0.8"), Own));

        var reply = (byte[])probe.Clone();
        reply[21] = 2; // op reply
        target.GetAddressBytes().CopyTo(reply, 28); // sender IP = the candidate
        Assert.True(ConflictFrames.IsArpConflict(reply, target, Own));
    }

    [Fact]
    public void The_dad_solicitation_goes_from_unspecified_to_the_solicited_node_group_with_a_valid_checksum()
    {
        var frame = ConflictFrames.NeighborSolicitationFrame(Own, IPAddress.Parse("fd00:200::1:2:3"));
        Assert.Equal("3333FF020003", Convert.ToHexString(frame, 0, 6));
        Assert.Equal("86DD", Convert.ToHexString(frame, 12, 2));
        Assert.Equal(new byte[16], frame[22..38]);
        Assert.Equal("FF0200000000000000000001FF020003", Convert.ToHexString(frame, 38, 16));
        Assert.Equal(135, frame[54]);

        // The one's complement sum over the pseudo-header and the message, checksum included, is 0xFFFF.
        ulong sum = 0;
        for (var i = 22; i < 54; i += 2)
        {
            sum += (ulong)((frame[i] << 8) | frame[i + 1]);
        }

        for (var i = 54; i < frame.Length; i += 2)
        {
            sum += (ulong)((frame[i] << 8) | frame[i + 1]);
        }

        sum += 24 + 58;
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        Assert.Equal(0xFFFFUL, sum);
    }

    [Fact]
    public void An_advertisement_or_another_hosts_dad_for_the_address_is_a_conflict()
    {
        var target = IPAddress.Parse("fd00:200::5");
        var theirs = ConflictFrames.NeighborSolicitationFrame(Other, target);
        Assert.True(ConflictFrames.IsNeighborConflict(theirs, target, Own));
        Assert.False(ConflictFrames.IsNeighborConflict(theirs, target, Other));
        Assert.False(ConflictFrames.IsNeighborConflict(theirs, IPAddress.Parse("fd00:200::6"), Own));

        var advertisement = (byte[])theirs.Clone();
        advertisement[54] = 136;
        Assert.True(ConflictFrames.IsNeighborConflict(advertisement, target, Other));
    }
}
