using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>A parsed <c>-o</c> template (go-template or jsonpath) that prints an object or a List.</summary>
internal interface IObjectTemplate
{
    /// <summary>Runs the template on <paramref name="data"/>; throws <see cref="TemplateException"/> when it cannot.</summary>
    string Execute(JsonNode? data);
}
