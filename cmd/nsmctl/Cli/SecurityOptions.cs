using System.CommandLine;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>--insecure</c> and <c>--trust-domain</c>, shared by up and supervise (<see cref="MeshSecurityOptions"/>).</summary>
internal sealed class SecurityOptions
{
    /// <summary>The line <c>up --insecure</c> prints on stderr.</summary>
    public const string InsecureWarning = "WARNING: --insecure: the mesh runs PLAINTEXT: no SPIFFE identities, no mTLS; every container gets NSM_INSECURE=true and any local process can talk to its programs";

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Run the mesh in plaintext: no Workload API, every container gets NSM_INSECURE=true (default: every pod gets a SPIFFE identity and SPIFFE_ENDPOINT_SOCKET, programs use mTLS)",
    };

    public Option<string?> TrustDomain { get; } = new("--trust-domain")
    {
        Description = $"The trust domain of the mesh's SPIFFE identities, spiffe://<trust-domain>/ns/<ns>/pod/<pod> (default {MeshSecurityOptions.DefaultTrustDomain}; upstream's SPIRE setup uses k8s.nsm)",
    };

    public void AddTo(Command command)
    {
        command.Add(Insecure);
        command.Add(TrustDomain);
    }

    public MeshSecurityOptions Read(ParseResult parse) => MeshSecurityOptions.Create(parse.GetValue(Insecure), parse.GetValue(TrustDomain));

    /// <summary>Whether the command line names the security at all (else a running supervisor's is fine).</summary>
    public bool Given(ParseResult parse) => parse.GetResult(Insecure) is not null || parse.GetResult(TrustDomain) is not null;
}
