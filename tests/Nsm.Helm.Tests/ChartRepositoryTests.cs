using System.Net;
using System.Net.Sockets;

namespace Nsm.Helm.Tests;

/// <summary>
/// The guide's `helm repo add nsm &lt;url&gt;` and `helm install nsm nsm/nsm --set ...` against the chart repository
/// scripts/release.sh makes (helm package + helm repo index), served over HTTP on loopback as a user would serve it.
/// </summary>
public sealed class ChartRepositoryTests
{
    [HelmFact]
    public async Task TheGuidesRepoAddAndInstallLinesWorkAgainstAServedChartDirectory()
    {
        var root = Directory.CreateTempSubdirectory("nsm-helm-repo-");
        try
        {
            var repo = Directory.CreateDirectory(Path.Combine(root.FullName, "repo")).FullName;
            Helm(root, "package", HelmTools.Chart, "-d", repo);
            var port = FreePort();
            var url = $"http://127.0.0.1:{port}/";
            Helm(root, "repo", "index", repo, "--url", url);

            using var listener = new HttpListener();
            listener.Prefixes.Add(url);
            listener.Start();
            using var stop = new CancellationTokenSource();
            var serving = Serve(listener, repo, stop.Token);

            Helm(root, "repo", "add", "nsm", url);
            Helm(root, "repo", "update");
            var install = Helm(root, "install", "nsm", "nsm/nsm", "--namespace", "nsm-system", "--create-namespace", "--dry-run=client",
                "--set", "forwarder.vpp.enabled=true", "--set", "forwarder.kernel.enabled=false");
            Assert.Contains("name: forwarder-vpp", install, StringComparison.Ordinal);
            Assert.Contains("name: nsmgr", install, StringComparison.Ordinal);
            Assert.Contains("kubectl get pods -n nsm-system", install, StringComparison.Ordinal);

            await stop.CancelAsync();
            listener.Stop();
            await serving;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Runs helm with its config, cache and data in the test's folder (the user's helm setup is left alone).</summary>
    private static string Helm(DirectoryInfo root, params string[] args)
    {
        var home = Path.Combine(root.FullName, "helm-home");
        var (exit, stdout, stderr) = HelmTools.Run("env",
        [
            $"HELM_CONFIG_HOME={home}/config", $"HELM_CACHE_HOME={home}/cache", $"HELM_DATA_HOME={home}/data",
            $"HELM_REPOSITORY_CONFIG={home}/config/repositories.yaml", $"HELM_REPOSITORY_CACHE={home}/cache/repository",
            HelmTools.Helm!, .. args,
        ]);
        Assert.True(exit == 0, $"helm {string.Join(' ', args)}: {stdout}{stderr}");
        return stdout;
    }

    private static async Task Serve(HttpListener listener, string dir, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = Path.Combine(dir, Path.GetFileName(context.Request.Url!.AbsolutePath));
            if (File.Exists(path))
            {
                var bytes = await File.ReadAllBytesAsync(path, token);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes, token);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
