using System.Diagnostics;
using System.Text;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.RegistryK8s.Tests;

/// <summary>
/// The nsm-registry-k8s program as a user runs it (outside a pod: REGISTRY_K8S_API_SERVER), over the fake API; with
/// NSM_REGISTRY_K8S_BINARY, its Native AOT binary.
/// </summary>
public sealed class ProgramTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-rk8sp-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeKubernetesApi _api = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _api = await FakeKubernetesApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_program_stores_a_registration_as_a_custom_resource_of_its_namespace()
    {
        var socket = Path.Combine(_dir, "registry.sock");
        var log = new StringBuilder();
        using var process = Start(log,
            ("NSM_INSECURE", "true"),
            ("NSM_LISTEN_ON", "unix://" + socket),
            ("REGISTRY_K8S_API_SERVER", _api.Url.ToString()),
            ("REGISTRY_K8S_NAMESPACE", "nsm-system"));
        try
        {
            await Eventually.TrueAsync(() => File.Exists(socket) || process.HasExited, "the registry listening", 60_000);
            Assert.False(process.HasExited, Text(log));
            await using var client = new EndpointRegistryClient(new RegistryClientOptions
            {
                RegistryUrl = new Uri("unix://" + socket), RefreshEnabled = false, HealEnabled = false, RetryEnabled = false,
            });

            await client.RegisterAsync(new NetworkServiceEndpoint { Name = "nse-p", NetworkServiceNames = { "svc" }, Url = "tcp://10.1.0.1:5003" }, new NsmContext());

            Assert.Equal("tcp://10.1.0.1:5003", _api.Find("networkserviceendpoints", "nse-p", "nsm-system")!["spec"]!["url"]!.GetValue<string>());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Outside_a_pod_without_an_api_server_the_program_stops_with_one_clear_line()
    {
        var log = new StringBuilder();
        using var process = Start(log, ("NSM_INSECURE", "true"), ("NSM_LISTEN_ON", "unix://" + Path.Combine(_dir, "r.sock")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("REGISTRY_K8S_API_SERVER: not set and not in a pod", Text(log), StringComparison.Ordinal);
    }

    private static Process Start(StringBuilder log, params (string Name, string Value)[] env)
    {
        // NSM_REGISTRY_K8S_BINARY runs a Native AOT publish instead (e.g. artifacts/aot/registry-k8s/nsm-registry-k8s).
        var info = Environment.GetEnvironmentVariable("NSM_REGISTRY_K8S_BINARY") is { Length: > 0 } binary
            ? new ProcessStartInfo(binary)
            : new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "nsm-registry-k8s.dll")]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
