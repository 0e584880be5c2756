using System.Text.RegularExpressions;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The guide's jumbo frames (<c>examples/guide/jumbo-frames</c>: the <c>nsm-forwarder-config</c> ConfigMap with
/// <c>mtu: 9000</c>) applied after its Simple L3, both unchanged: the forwarder restarts, reads the mounted file, and
/// the client's connection heals onto interfaces of MTU 9000 at both ends; a 9000-byte packet (8972 of ICMP payload)
/// passes unfragmented, one byte more does not.
/// </summary>
public sealed partial class GuideJumboTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Jumbo_frames_reach_both_ends_of_nsm_1_and_a_9000_byte_ping_passes()
    {
        await using var nsmctl = new Nsmctl(programs);
        var guide = Path.Combine(nsmctl.Root, "examples", "guide");
        await nsmctl.OkAsync("apply", "-f", Path.Combine(guide, "simple-l3"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=120s");
        Assert.Equal(1500, await ClientMtuAsync(nsmctl));

        var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(guide, "jumbo-frames"));
        Assert.Contains("configmap/nsm-forwarder-config created", applied, StringComparison.Ordinal);

        // The forwarder restarts with the file; the client heals through it onto a 9000-byte pair.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await ClientMtuAsync(nsmctl) != 9000)
        {
            Assert.False(timeout.IsCancellationRequested, "nsm-1 never got MTU 9000\n" + nsmctl.Diagnostics());
            await Task.Delay(500, CancellationToken.None);
        }

        var nseLinks = Mesh.RunTool("ip", $"-n {nsmctl.PodNetns("default", "nse-isolated")} -o link show", TimeSpan.FromSeconds(10));
        var nseEnd = nseLinks.Split('\n').Single(l => l.Contains("mtu", StringComparison.Ordinal) && !l.Contains(": lo:", StringComparison.Ordinal));
        Assert.Contains("mtu 9000", nseEnd, StringComparison.Ordinal);

        await nsmctl.OkAsync("exec", "client", "--", "ping", "-M", "do", "-s", "8972", "-c", "3", "-W", "2", "10.100.1.1");
        var (code, output, error) = await nsmctl.RunAsync("exec", "client", "--", "ping", "-M", "do", "-s", "8973", "-c", "1", "-W", "2", "10.100.1.1");
        Assert.NotEqual(0, code);
        Assert.Matches("(?i)message too long|mtu", output + error);
    }

    private static async Task<int> ClientMtuAsync(Nsmctl nsmctl)
    {
        var (code, output, _) = await nsmctl.RunAsync("exec", "client", "--", "ip", "-o", "link", "show", "nsm-1");
        return code == 0 && Mtu().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"\bmtu ([0-9]+)")]
    private static partial Regex Mtu();
}
