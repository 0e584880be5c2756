namespace Nsm.Helm.Tests;

/// <summary>The guide's values files, written as the guide prints them.</summary>
internal static class GuideValues
{
    /// <summary>"Configure VPP for High Throughput".</summary>
    public const string VppPerformance = """
        forwarder:
          vpp:
            enabled: true
            resources:
              requests:
                cpu: "2"
                memory: "2Gi"
              limits:
                cpu: "4"
                memory: "4Gi"
            hugepages:
              enabled: true
              size: 2Mi
              count: 512
        """;

    /// <summary>"Understanding Forwarder Options".</summary>
    public const string VppImage = """
        forwarder:
          vpp:
            enabled: true
            image:
              repository: ghcr.io/networkservicemesh/cmd-forwarder-vpp
              tag: v1.11.0
        """;

    public static string VppPerformanceFile() => Write("vpp-performance.yaml", VppPerformance);

    public static string VppImageFile() => Write("vpp-image.yaml", VppImage);

    private static string Write(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nsm-helm-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
