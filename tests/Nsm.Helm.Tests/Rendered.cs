using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsm.Helm.Tests;

/// <summary>The objects of a `helm template` of the chart, as JSON (YAML's plain scalars typed as the API server reads them).</summary>
internal sealed partial class Rendered
{
    private Rendered(IReadOnlyList<JsonObject> objects, string notes)
    {
        Objects = objects;
        Notes = notes;
    }

    public IReadOnlyList<JsonObject> Objects { get; }

    /// <summary>Gets NOTES.txt as `helm install --dry-run` prints it (empty when not asked for).</summary>
    public string Notes { get; }

    /// <summary>Renders the chart in namespace nsm-system, release nsm, with these helm arguments (--set a=b, -f file).</summary>
    public static Rendered Template(params string[] args)
    {
        var (exit, stdout, stderr) = HelmTools.RunHelm(["template", "nsm", HelmTools.Chart, "-n", "nsm-system", .. args]);
        Assert.True(exit == 0, $"helm template {string.Join(' ', args)} failed: {stderr}");
        return new Rendered(Parse(stdout), "");
    }

    /// <summary>Renders with `helm install --dry-run=client`, which also prints NOTES.txt.</summary>
    public static Rendered DryRunInstall(params string[] args)
    {
        var (exit, stdout, stderr) = HelmTools.RunHelm(["install", "nsm", HelmTools.Chart, "-n", "nsm-system", "--dry-run=client", .. args]);
        Assert.True(exit == 0, $"helm install --dry-run {string.Join(' ', args)} failed: {stderr}");
        var notes = stdout.Contains("NOTES:", StringComparison.Ordinal) ? stdout[(stdout.IndexOf("NOTES:", StringComparison.Ordinal) + 6)..] : "";
        var manifest = stdout.Contains("MANIFEST:", StringComparison.Ordinal) ? stdout[(stdout.IndexOf("MANIFEST:", StringComparison.Ordinal) + 9)..] : "";
        manifest = manifest.Contains("NOTES:", StringComparison.Ordinal) ? manifest[..manifest.IndexOf("NOTES:", StringComparison.Ordinal)] : manifest;
        return new Rendered(Parse(manifest), notes);
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => (string?)o["metadata"]?["name"] == name);

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"no {kind}/{name} among: {string.Join(", ", Objects.Select(Describe))}");

    public static string Describe(JsonObject o) => $"{o["kind"]}/{o["metadata"]?["name"]}";

    /// <summary>The first container of a workload's pod template.</summary>
    public static JsonObject Container(JsonObject workload) => (JsonObject)workload["spec"]!["template"]!["spec"]!["containers"]![0]!;

    /// <summary>A container's env as name → value (valueFrom entries as "fieldRef:path").</summary>
    public static Dictionary<string, string> Env(JsonObject workload) =>
        Container(workload)["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(
            e => (string)e["name"]!,
            e => e["value"] is { } v ? (string)v! : "fieldRef:" + (string?)e["valueFrom"]?["fieldRef"]?["fieldPath"]);

    private static List<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when IntegerPattern().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when FloatPattern().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
