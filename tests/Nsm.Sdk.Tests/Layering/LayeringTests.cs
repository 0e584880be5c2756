using System.Reflection;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Layering;

/// <summary>
/// The libraries are layered by dependency (Core → Nsm.Sdk → Hosting; Testing on top): a reference that breaks the
/// layering fails here, not only in review. Checked on the compiled assemblies' references.
/// </summary>
public class LayeringTests
{
    private static readonly Assembly Core = typeof(NsmContext).Assembly;
    private static readonly Assembly Sdk = typeof(NsmServerChains).Assembly;
    private static readonly Assembly Hosting = typeof(NsmGrpcServer).Assembly;
    private static readonly Assembly Testing = typeof(SandboxDomain).Assembly;

    private static string[] References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty)];

    [Fact]
    public void Each_type_lives_in_its_layer()
    {
        Assert.Equal("Nsm.Sdk.Core", Core.GetName().Name);
        Assert.Equal("Nsm.Sdk", Sdk.GetName().Name);
        Assert.Equal("Nsm.Sdk.Hosting", Hosting.GetName().Name);
        Assert.Equal("Nsm.Sdk.Testing", Testing.GetName().Name);
    }

    [Fact]
    public void Core_references_only_the_api_grpc_client_and_abstractions()
    {
        var refs = References(Core);
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("YamlDotNet", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Nsm.Sdk", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r is "Microsoft.Extensions.DependencyInjection" or "Microsoft.Extensions.Hosting" or "Microsoft.Extensions.Logging");
        Assert.Contains("Nsm.Api", refs);
    }

    [Fact]
    public void Sdk_does_not_reference_aspnetcore_or_hosting()
    {
        var refs = References(Sdk);
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r is "Nsm.Sdk.Hosting" or "Nsm.Sdk.Testing" or "Microsoft.Extensions.Hosting");
        Assert.Contains("Nsm.Sdk.Core", refs);
    }

    [Fact]
    public void Hosting_does_not_reference_the_test_kit()
    {
        Assert.DoesNotContain("Nsm.Sdk.Testing", References(Hosting));
    }

    [Fact]
    public void Test_kit_does_not_reference_a_test_framework()
    {
        var refs = References(Testing);
        Assert.DoesNotContain(refs, r => r.StartsWith("xunit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(refs, r => r.StartsWith("Microsoft.VisualStudio.TestPlatform", StringComparison.Ordinal));
    }
}
