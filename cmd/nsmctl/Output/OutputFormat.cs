using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Output.Templates;

namespace Nsm.Cmd.Nsmctl.Output;

/// <summary>
/// kubectl's <c>-o</c>/<c>--template</c> pair: table (none), <c>wide</c>, <c>yaml</c>, <c>json</c>, <c>name</c>,
/// <c>go-template=T</c> (or <c>template=T</c>, or <c>-o go-template --template=T</c>, or <c>--template=T</c> alone),
/// <c>go-template-file=F</c>, <c>jsonpath=T</c> and <c>jsonpath-file=F</c>. Templates are parsed here, before
/// anything is fetched, so a bad one fails at once as in kubectl.
/// </summary>
internal sealed class OutputFormat
{
    private const string Allowed = "go-template,go-template-file,json,jsonpath,jsonpath-file,name,template,templatefile,wide,yaml";
    private readonly IObjectTemplate? _template;
    private readonly string _text = "";

    private OutputFormat(string name, string text = "", IObjectTemplate? template = null) => (Name, _text, _template) = (name, text, template);

    /// <summary>Gets the format: "" (table), wide, yaml, json, name, go-template or jsonpath.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether objects are printed as kubectl's columns.</summary>
    public bool IsTable => Name is "" or "wide";

    public static OutputFormat Parse(string? output, string? template)
    {
        var (name, argument) = output is { Length: > 0 } o && o.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (o[..eq], o[(eq + 1)..]) : (output ?? "", null);
        if (name.Length == 0 && template is { Length: > 0 })
        {
            name = "go-template"; // kubectl: --template without -o means go-template
        }

        switch (name)
        {
            case "" or "wide" or "yaml" or "json" or "name" when argument is null:
                return new OutputFormat(name);
            case "go-template" or "template" or "jsonpath" or "go-template-file" or "templatefile" or "jsonpath-file":
                var text = argument ?? template ?? throw new ManifestException("error: template format specified but no template given");
                if (name.EndsWith("file", StringComparison.Ordinal))
                {
                    text = File.Exists(text) ? File.ReadAllText(text) : throw new ManifestException($"error: error reading --template {text}, no such file");
                }

                var jsonPath = name.StartsWith("jsonpath", StringComparison.Ordinal);
                try
                {
                    return jsonPath ? new OutputFormat("jsonpath", text, JsonPath.Parse(text)) : new OutputFormat("go-template", text, GoTemplate.Parse(text));
                }
                catch (TemplateException ex)
                {
                    throw new ManifestException(jsonPath ? $"error: error parsing jsonpath {text}, {ex.Message}" : $"error: error parsing template {text}, {ex.Message}");
                }

            default:
                throw new ManifestException($"error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: {Allowed}");
        }
    }

    /// <summary>Runs the template on <paramref name="data"/> (an object, or a List of them).</summary>
    public string Execute(JsonNode data)
    {
        try
        {
            return _template?.Execute(data) ?? throw new InvalidOperationException($"-o {Name} has no template");
        }
        catch (TemplateException ex)
        {
            throw new ManifestException($"error: error executing {(Name == "jsonpath" ? "jsonpath" : "template")} \"{_text}\": {ex.Message}");
        }
    }
}
