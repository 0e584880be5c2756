namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The guide's "Implementing Network Functions as Services" as written: its firewall Deployment and its secure-path
/// NetworkService unchanged (<c>examples/guide/network-functions/1-*.yaml</c>, <c>2-*.yaml</c>) plus the marked file
/// of what the guide leaves out (the IDS, the application, a client labelled <c>security: high</c>). The client's
/// traffic goes firewall → IDS → application: TCP 80 and 443 connect, 22 and ICMP do not; the path and
/// <c>nsmctl explain</c> name the hops in order; the IDS logs the flows; when the firewall's pod goes, the client heals
/// onto the replica its Deployment makes, with the rules in force; a client without the label is refused with a clear
/// status.
/// </summary>
public sealed class GuideNetworkFunctionsTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Ns = "default";
    private const string Application = "172.16.1.100";

    [RootFact]
    public async Task Secure_path_goes_through_the_firewall_and_the_ids_to_the_application()
    {
        await using var nsmctl = new Nsmctl(programs);
        var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "network-functions"));
        Assert.Contains("networkservice.networkservicemesh.io/secure-path created", applied, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/nse-firewall created", applied, StringComparison.Ordinal);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "secure-client");

        var application = nsmctl.PodNetnsPath(Ns, "application");
        var client = nsmctl.PodNetnsPath(Ns, "secure-client");
        using var web = NetnsTcp.Listen(application, 80);
        using var tls = NetnsTcp.Listen(application, 443);
        using var ssh = NetnsTcp.Listen(application, 22);
        Assert.True(await NetnsTcp.ConnectsAsync(client, Application, 80), "TCP 80 through the chain\n" + nsmctl.Diagnostics());
        Assert.True(await NetnsTcp.ConnectsAsync(client, Application, 443), "TCP 443 through the chain");
        Assert.False(await NetnsTcp.ConnectsAsync(client, Application, 22, 1000), "TCP 22 is dropped by the firewall");
        var (ping, _, _) = await nsmctl.RunAsync("exec", "secure-client", "--", "ping", "-c", "2", "-W", "1", Application);
        Assert.NotEqual(0, ping);

        var explained = await nsmctl.OkAsync("explain", "secure-client");
        Assert.Contains("route: via firewall-service → via ids-service → destination application-network", explained, StringComparison.Ordinal);
        var firewall = System.Text.RegularExpressions.Regex.Match(explained, @"hop 1\s+nse-firewall-").Index;
        var ids = System.Text.RegularExpressions.Regex.Match(explained, @"hop 2\s+nse-ids-").Index;
        var app = System.Text.RegularExpressions.Regex.Match(explained, @"hop 3\s+application-").Index;
        Assert.True(firewall > 0 && ids > firewall && app > ids, "the path names firewall, IDS, application in order:\n" + explained);

        var counters = await nsmctl.OkAsync("exec", "deployments/nse-firewall", "--", "nft", "list", "table", "inet", "nsm-acl");
        Assert.Matches(@"tcp dport 80 counter packets [1-9]", counters);
        Assert.Matches(@"tcp dport 443 counter packets [1-9]", counters);

        // The IDS saw each flow that passed the firewall, and none of the dropped ones.
        var idsLog = await WaitForLogAsync(nsmctl, "deployments/nse-ids", $"-> {Application}:80\n");
        Assert.True(idsLog, "the IDS logs the flow to port 80\n" + nsmctl.Diagnostics());
        var (_, idsLogText, _) = await nsmctl.RunAsync("logs", "deployments/nse-ids");
        Assert.Matches($@"new flow tcp \S+ -> {Application.Replace(".", "\\.", StringComparison.Ordinal)}:443", idsLogText);
        Assert.DoesNotMatch($@"new flow tcp \S+ -> \S+:22\b", idsLogText);

        // The firewall's pod goes: its Deployment makes another, the client heals onto it, the rules hold there.
        var firewallPod = (await nsmctl.OkAsync("get", "pods", "-l", "app=nse-firewall", "-o", "name")).Trim();
        await nsmctl.OkAsync("delete", firewallPod);
        var healed = false;
        for (var attempt = 0; attempt < 60 && !healed; attempt++)
        {
            healed = await NetnsTcp.ConnectsAsync(client, Application, 80, 1000);
            if (!healed)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(healed, "TCP 80 works again after the client healed onto the new firewall replica\n" + nsmctl.Diagnostics());
        Assert.DoesNotContain(firewallPod.Split('/')[^1], await nsmctl.OkAsync("explain", "secure-client"), StringComparison.Ordinal);
        Assert.False(await NetnsTcp.ConnectsAsync(client, Application, 22, 1000), "TCP 22 is dropped by the new replica");

        // A client the match does not select: refused, and the reason names its labels.
        await nsmctl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: plain-client
              annotations:
                networkservicemesh.io: kernel://secure-path/nsm-1
              labels:
                security: "low"
            spec:
              containers:
              - name: alpine
                image: alpine:latest
                command: ["/bin/sh", "-c", "sleep 3600"]
            """, "apply", "-f", "-");
        var refused = await WaitForLogAsync(nsmctl, "plain-client", "no match selects the client's labels");
        Assert.True(refused, "the unlabelled client's nsc names why it was refused\n" + nsmctl.Diagnostics());
    }

    private static async Task<bool> WaitForLogAsync(Nsmctl nsmctl, string pod, string text)
    {
        for (var i = 0; i < 60; i++)
        {
            var (_, output, error) = await nsmctl.RunAsync("logs", pod, "--all-containers");
            if ((output + error).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}
