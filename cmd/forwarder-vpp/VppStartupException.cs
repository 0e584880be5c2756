namespace Nsm.Cmd.ForwarderVpp;

/// <summary>VPP cannot be used (unreachable, a version we do not speak, a private vpp that did not come up): the program exits 2 with this message.</summary>
internal sealed class VppStartupException : Exception
{
    public VppStartupException()
    {
    }

    public VppStartupException(string message)
        : base(message)
    {
    }

    public VppStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
