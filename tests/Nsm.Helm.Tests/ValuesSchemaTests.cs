namespace Nsm.Helm.Tests;

/// <summary>values.schema.json rejects bad values before anything renders, naming the value and what it must be.</summary>
public sealed class ValuesSchemaTests
{
    [HelmTheory]
    [InlineData("registry.type=etcd", "/registry/type", "'k8s', 'memory'")]
    [InlineData("forwarder.vpp.hugepages.size=3Mi", "/forwarder/vpp/hugepages/size", "'2Mi', '1Gi'")]
    [InlineData("logLevel=LOUD", "/logLevel", "'TRACE'")]
    [InlineData("forwarder.mtu=10", "/forwarder/mtu", "want 68")]
    [InlineData("nsmgr.hostPort=70000", "/nsmgr/hostPort", "want 65,535")]
    [InlineData("forwarder.kernel.enabeld=true", "/forwarder/kernel", "'enabeld' not allowed")]
    [InlineData("registry.expirePeriod=soon", "/registry/expirePeriod", "does not match pattern")]
    [InlineData("forwarder.vpp.resources.limits.cpu=lots", "/forwarder/vpp/resources/limits/cpu", "")]
    public void BadValuesAreRejectedNamingTheValue(string set, string path, string expected)
    {
        var (exit, _, stderr) = HelmTools.RunHelm("template", "nsm", HelmTools.Chart, "--set", set);
        Assert.NotEqual(0, exit);
        Assert.Contains("values don't meet the specifications of the schema", stderr, StringComparison.Ordinal);
        Assert.Contains($"at '{path}'", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [HelmFact]
    public void TheGuidesValuesFilesPassTheSchema()
    {
        foreach (var file in new[] { GuideValues.VppPerformanceFile(), GuideValues.VppImageFile() })
        {
            var (exit, _, stderr) = HelmTools.RunHelm("template", "nsm", HelmTools.Chart, "-f", file);
            Assert.True(exit == 0, stderr);
        }
    }
}
