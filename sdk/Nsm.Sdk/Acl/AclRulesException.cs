namespace Nsm.Sdk.Acl;

/// <summary>A firewall rule or ACL file that does not parse: names the line and what was expected there.</summary>
public sealed class AclRulesException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">Where the rules came from (an env variable or a file path).</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    public AclRulesException(string source, int line, string problem)
        : base($"{source} line {line}: {problem}")
    {
        Origin = source;
        LineNumber = line;
        Problem = problem;
    }

    /// <summary>Creates the exception.</summary>
    public AclRulesException()
        : this("rules", 0, "invalid")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AclRulesException(string message)
        : this("rules", 0, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AclRulesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Origin = "rules";
        Problem = message;
    }

    /// <summary>Gets where the rules came from.</summary>
    public string Origin { get; }

    /// <summary>Gets the 1-based line of the problem.</summary>
    public int LineNumber { get; }

    /// <summary>Gets what is wrong and what was expected.</summary>
    public string Problem { get; }
}
