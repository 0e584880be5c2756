using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Xunit.Abstractions;
using Path = System.IO.Path;

namespace Nsm.Packaging.Tests;

/// <summary>
/// The packages from a folder feed, in fresh projects outside the repository: one pack for the class (PackageFeed),
/// then the template's project and a copied example, each restored and built once.
/// </summary>
public sealed partial class PackagesTests(PackageFeed feed, ITestOutputHelper output) : IClassFixture<PackageFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public void Libraries_CarryReadmeDocsSourceInfoAndSymbols_AllWithTheRepositoryVersion()
    {
        output.WriteLine($"pack: {feed.PackTime.TotalSeconds:F0} s");
        var version = RepositoryVersion();
        var packages = Directory.GetFiles(feed.Feed, "*.nupkg").Select(Path.GetFileName).ToList();
        Assert.All(packages, p => Assert.EndsWith($".{version}.nupkg", p, StringComparison.Ordinal));
        Assert.Contains($"Nsm.Templates.{version}.nupkg", packages);

        var libraries = packages.Where(p => !p!.StartsWith("Nsm.Templates.", StringComparison.Ordinal)).ToList();
        Assert.Contains($"Nsm.Api.{version}.nupkg", libraries);
        Assert.Contains($"Nsm.Sdk.{version}.nupkg", libraries);
        Assert.Contains($"Nsm.Sdk.Kernel.{version}.nupkg", libraries);
        foreach (var file in libraries)
        {
            var id = file![..^$".{version}.nupkg".Length];
            using var zip = ZipFile.OpenRead(Path.Combine(feed.Feed, file));
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);

            using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);

            Assert.True(File.Exists(Path.Combine(feed.Feed, $"{id}.{version}.snupkg")), $"{id}: no symbols package");
            using var symbols = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{version}.snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public async Task Libraries_NameTheRepositoryAndLinkTheirSourcesAtTheBuiltCommit_Deterministically()
    {
        // NsmRepositoryUrl (Directory.Build.props) unset: the clone's origin, else the documented default.
        var origin = await GitAsync("remote", "get-url", "origin");
        var commit = (await GitAsync("rev-parse", "HEAD"))!;
        var version = RepositoryVersion();
        foreach (var file in Directory.GetFiles(feed.Feed, $"*.{version}.snupkg"))
        {
            var id = Path.GetFileName(file)[..^$".{version}.snupkg".Length];
            using var zip = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{version}.nupkg"));
            using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
            var repository = XDocument.Load(nuspecStream).Root!.Descendants().Single(e => e.Name.LocalName == "repository");
            var url = repository.Attribute("url")?.Value;
            Assert.Equal(commit, repository.Attribute("commit")?.Value);

            var pdb = SymbolsPdb.Read(file, id);
            Assert.All(pdb.Documents, d => Assert.StartsWith("/_/", d, StringComparison.Ordinal)); // no machine paths
            if (origin is null)
            {
                Assert.Equal(DefaultRepositoryUrl, url);
                Assert.Equal($$$"""{"documents":{"/_/*":"https://raw.githubusercontent.com/nsm-sdk/nsm-sdk/{{{commit}}}/*"}}""", pdb.SourceLink);
            }
            else
            {
                Assert.StartsWith("https://", url, StringComparison.Ordinal);
                Assert.Contains($"/{commit}/", pdb.SourceLink, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Template_NewProjectFromFeed_BuildsRegistersAndServesAClientThroughNsmgr()
    {
        var hive = Path.Combine(feed.Root, "template-hive");
        var templates = Directory.GetFiles(feed.Feed, "Nsm.Templates.*.nupkg").Single();
        var clock = Stopwatch.StartNew();
        await DotnetAsync(feed.Root, "new", "install", templates, "--debug:custom-hive", hive);
        var dir = Path.Combine(feed.Root, "FreshNse");
        await DotnetAsync(feed.Root, "new", "nsm-endpoint", "-n", "FreshNse", "-o", dir, "--debug:custom-hive", hive);
        Assert.True(File.Exists(Path.Combine(dir, "FreshNse.csproj")));
        Assert.Contains("PackageReference Include=\"Nsm.Sdk.Hosting\" Version=\"" + RepositoryVersion() + "\"", await File.ReadAllTextAsync(Path.Combine(dir, "FreshNse.csproj")));
        await DotnetAsync(dir, "build", "-c", "Release");
        output.WriteLine($"template: install + new + restore + build {clock.Elapsed.TotalSeconds:F0} s");

        // The NSE program, as a user runs it, against an nsmgr (and forwarder) served here.
        await using var mesh = await InProcessMesh.StartAsync(feed.Root);
        var nseUrl = new Uri("unix://" + Path.Combine(feed.Root, "fresh-nse.sock"));
        var log = new StringBuilder();
        using var nse = DotnetCli.Start("dotnet", [Path.Combine(dir, "bin", "Release", "net10.0", "FreshNse.dll")], dir, new Dictionary<string, string>
        {
            ["NSM_NAME"] = "fresh-nse",
            ["NSM_CONNECT_TO"] = mesh.NsmgrUrl.ToString(),
            ["NSM_LISTEN_ON"] = nseUrl.ToString(),
            ["NSM_SERVICE_NAMES"] = "fresh-service",
            ["NSM_CIDR_PREFIX"] = "172.31.250.0/24",
        }, log);
        try
        {
            await WaitForAsync(log, "fresh-nse: registered for fresh-service", nse, TimeSpan.FromSeconds(60));

            using var lifetime = new CancellationTokenSource();
            var client = new NsmClient(new ClientOptions { Name = "nsc-packaging", ClientUrl = mesh.NsmgrUrl, DialTimeout = TimeSpan.FromSeconds(5) }, new Nsm.Sdk.Builder.NsmBuildContext { Lifetime = lifetime.Token });
            var request = new NetworkServiceRequest
            {
                Connection = new Connection { Id = "nsc-packaging-0", NetworkService = "fresh-service" },
                MechanismPreferences = { new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType } },
            };
            var connection = await client.RequestAsync(request).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("fresh-service", connection.NetworkService);
            Assert.Equal("fresh-nse", connection.NetworkServiceEndpointName);
            Assert.Contains(connection.Path.PathSegments, s => s.Name == "fresh-nse");
            Assert.Single(connection.Context.IpContext.SrcIpAddrs, a => a.StartsWith("172.31.250.", StringComparison.Ordinal));
            Assert.Single(connection.Context.IpContext.DstIpAddrs, a => a.StartsWith("172.31.250.", StringComparison.Ordinal));
            await client.CloseAsync(connection).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await lifetime.CancelAsync();

            // SIGTERM: it unregisters and exits.
            await DotnetCli.RunAsync("kill", ["-TERM", nse.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], dir, TimeSpan.FromSeconds(10));
            await nse.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains("fresh-nse: unregistered", DotnetCli.Text(log), StringComparison.Ordinal);
        }
        finally
        {
            if (!nse.HasExited)
            {
                nse.Kill(entireProcessTree: true);
            }

            output.WriteLine(DotnetCli.Text(log));
        }
    }

    [Fact]
    public async Task Example_CopiedOutOfTheRepository_BuildsFromFeedAndRuns()
    {
        var dir = CopyExample("MinimalEndpoint");
        var clock = Stopwatch.StartNew();
        await DotnetAsync(dir, "build", "-c", "Release");
        output.WriteLine($"example: restore + build {clock.Elapsed.TotalSeconds:F0} s");
        var assets = await File.ReadAllTextAsync(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("\"Nsm.Sdk/" + RepositoryVersion() + "\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);

        var run = await DotnetCli.RunAsync("dotnet", [Path.Combine(dir, "bin", "Release", "net10.0", "MinimalEndpoint.dll")], dir, TimeSpan.FromSeconds(60));
        Assert.Contains("client got connection nsc-0 to hello", run, StringComparison.Ordinal);
        Assert.Contains("closed", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_example_copied_out_of_the_repository_builds_from_the_feed()
    {
        var dir = CopyExample("IdsEndpoint");
        await DotnetAsync(dir, "build", "-c", "Release");
        var assets = await File.ReadAllTextAsync(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("\"Nsm.Sdk.Kernel/" + RepositoryVersion() + "\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Release", "net10.0", "ids-endpoint.dll")));
    }

    [Fact]
    public async Task L2_segment_example_copied_out_of_the_repository_builds_from_the_feed()
    {
        var dir = CopyExample("L2SegmentEndpoint");
        await DotnetAsync(dir, "build", "-c", "Release");
        var assets = await File.ReadAllTextAsync(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("\"Nsm.Sdk.Kernel/" + RepositoryVersion() + "\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Release", "net10.0", "l2-segment-endpoint.dll")));
    }

    [Theory]
    [InlineData("FirewallVppEndpoint", "firewall-vpp-endpoint")]
    [InlineData("VlanVppEndpoint", "vlan-vpp-endpoint")]
    public async Task Vpp_examples_copied_out_of_the_repository_build_from_the_feed(string example, string assembly)
    {
        var dir = CopyExample(example);
        await DotnetAsync(dir, "build", "-c", "Release");
        var assets = await File.ReadAllTextAsync(Path.Combine(dir, "obj", "project.assets.json"));
        Assert.Contains("\"Nsm.Sdk.Vpp.Hosting/" + RepositoryVersion() + "\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Release", "net10.0", assembly + ".dll")));
    }

    /// <summary>Copies examples/NAME (without bin/ and obj/) into the scratch folder as MyNAME.</summary>
    private string CopyExample(string name)
    {
        var source = Path.Combine(PackageFeed.Repo, "examples", name);
        var dir = Path.Combine(feed.Root, "My" + name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, relative))!);
            File.Copy(file, Path.Combine(dir, relative));
        }

        return dir;
    }

    /// <summary>dotnet in the scratch folder: its nuget.config is found by walking up from the project.</summary>
    private Task<string> DotnetAsync(string workingDirectory, params string[] args) =>
        DotnetCli.RunAsync("dotnet", args, workingDirectory, BuildTimeout, feed.Environment);

    // Directory.Build.props: the repository the packages name when the clone has no origin remote.
    private const string DefaultRepositoryUrl = "https://github.com/nsm-sdk/nsm-sdk";

    /// <summary>git in the repository; <see langword="null"/> when it fails (e.g. no such remote).</summary>
    private static async Task<string?> GitAsync(params string[] args)
    {
        try
        {
            return (await DotnetCli.RunAsync("git", ["-C", PackageFeed.Repo, .. args], PackageFeed.Repo, TimeSpan.FromSeconds(30))).Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // The one version of packages, images and chart (Directory.Build.props reads it from here).
    private static string RepositoryVersion() => File.ReadAllText(Path.Combine(PackageFeed.Repo, "version.txt")).Trim();

    private static async Task WaitForAsync(StringBuilder log, string text, Process process, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!DotnetCli.Text(log).Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"no \"{text}\" (exited: {process.HasExited}):\n{DotnetCli.Text(log)}");
            }

            await Task.Delay(100);
        }
    }

}
