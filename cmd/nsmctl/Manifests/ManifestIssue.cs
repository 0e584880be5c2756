namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>A problem found in one document: which document, which field and what is wrong.</summary>
internal sealed record ManifestIssue(int Index, string Kind, string Name, string Field, string Message)
{
    public override string ToString() =>
        $"document {Index} ({(Kind.Length > 0 ? Kind : "<no kind>")} {(Name.Length > 0 ? Name : "<no name>")}): {Field}: {Message}";
}
