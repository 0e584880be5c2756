using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nsm.E2E.Tests;

/// <summary>
/// The metrics on the Prometheus scrape endpoint (PROMETHEUS=true, NSM_PROMETHEUS_LISTEN_ON on a loopback port) of the
/// real programs while a client is connected.
/// </summary>
[Collection("mesh")]
public sealed class TelemetryTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task ScrapeEndpoints_CountTheClientsConnection()
    {
        var nsmgrPort = FreePort();
        var registryPort = FreePort();
        var mesh = new Mesh(programs);
        await using (mesh)
        {
            mesh.ExtraEnv["nsmgr"] = [("PROMETHEUS", "true"), ("NSM_PROMETHEUS_LISTEN_ON", $"127.0.0.1:{nsmgrPort}")];
            mesh.ExtraEnv["registry"] = [("PROMETHEUS", "true"), ("NSM_PROMETHEUS_LISTEN_ON", $"127.0.0.1:{registryPort}")];
            var nseNs = mesh.AddNamespace("nse");
            var nscNs = mesh.AddNamespace("nsc");
            await mesh.StartControlPlaneAsync();
            await mesh.StartEndpointAsync(nseNs, "icmp-responder");
            await mesh.StartClientAsync(nscNs, "nsc");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var nsmgr = $"http://127.0.0.1:{nsmgrPort}/metrics";
            var text = await ScrapeUntilAsync(http, nsmgr, t => PrometheusText.Value(t, "nsm_connections_active", "icmp-responder", "server") == 1);
            Assert.True(PrometheusText.Value(text, "nsm_requests_total", "icmp-responder", "server", "ok") >= 1, text);
            Assert.True(PrometheusText.Value(text, "nsm_request_duration_seconds_count", "icmp-responder", "server", "ok") >= 1, text);

            // nsmgr's own client half towards the forwarder holds the connection too.
            Assert.Equal(1, PrometheusText.Value(text, "nsm_connections_active", "icmp-responder", "client"));

            // The registry holds the forwarder and the endpoint.
            var registry = await ScrapeUntilAsync(http, $"http://127.0.0.1:{registryPort}/metrics", t => PrometheusText.Value(t, "nsm_registry_records", "nsm_registry_kind=\"nse\"") >= 2);
            Assert.True(PrometheusText.Value(registry, "nsm_registry_records", "nsm_registry_kind=\"nse\"") >= 2, registry);

            // At INFO the connection's life is one line per hop, with its id.
            Assert.Contains(": service icmp-responder, endpoint icmp-responder", mesh.Nsmgr!.Output, StringComparison.Ordinal);

            // SIGUSR1 switches the log level to TRACE without a restart, SIGUSR2 back (upstream's signals).
            Mesh.RunTool("kill", "-USR1 " + mesh.Nsmgr.Process.Id.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(5));
            await Mesh.WaitForOutputAsync(mesh.Nsmgr, "log level changed from Information to Trace", TimeSpan.FromSeconds(10));
            Mesh.RunTool("kill", "-USR2 " + mesh.Nsmgr.Process.Id.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(5));
            await Mesh.WaitForOutputAsync(mesh.Nsmgr, "log level changed from Trace to Information", TimeSpan.FromSeconds(10));
        }
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient http, string url, Func<string, bool> done)
    {
        var text = string.Empty;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                text = await http.GetStringAsync(new Uri(url));
                if (done(text))
                {
                    return text;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"{url} did not show the expected values; last scrape:\n{text}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
