using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>One document of an applied file: its position (for error messages) and its body.</summary>
/// <param name="Index">The document's index over the whole apply (0-based, as kubectl counts).</param>
/// <param name="Source">The file (or <c>-</c> for stdin) the document came from.</param>
/// <param name="Body">The document as JSON (YAML is converted on reading).</param>
internal sealed record ManifestDocument(int Index, string Source, JsonObject Body)
{
    public string ApiVersion => Body["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public string Kind => Body["kind"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public string Name => Json.String(Body["metadata"]?["name"]) ?? "";

    /// <summary>Gets the namespace written in the document, or null when it has none.</summary>
    public string? Namespace => Json.String(Body["metadata"]?["namespace"]);

    /// <summary>Gets how errors name this document: <c>document 2 (Deployment nse-isolated)</c>.</summary>
    public string Describe() => $"document {Index} ({(Kind.Length > 0 ? Kind : "<no kind>")} {(Name.Length > 0 ? Name : "<no name>")}) in {Source}";
}
