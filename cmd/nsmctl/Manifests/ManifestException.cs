namespace Nsm.Cmd.Nsmctl.Manifests;

/// <summary>A file or document that cannot be read or applied; the message is printed as <c>error: …</c>.</summary>
internal sealed class ManifestException(string message) : Exception(message);
