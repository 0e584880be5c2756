namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>A template that does not parse or does not execute; <see cref="Positioned"/> once the message names where.</summary>
internal sealed class TemplateException(string message, bool positioned = false) : Exception(message)
{
    public bool Positioned { get; } = positioned;
}
