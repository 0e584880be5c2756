namespace Nsm.Sdk.Hosting;

/// <summary>How an NSM program's single host serves its chains (<c>services.AddNsm()</c>, <c>app.MapNsm()</c>).</summary>
public sealed record NsmHostOptions
{
    /// <summary>Gets the program's component name, for its start and stop lines.</summary>
    /// <value>The default is <c>nsm</c>.</value>
    public string Name { get; init; } = "nsm";

    /// <summary>Gets where the gRPC services (and health) are served: <c>unix:///path</c> and <c>tcp://host:port</c> URLs.</summary>
    /// <value>The default is none (a program that serves nothing, such as an NSC).</value>
    public IReadOnlyList<Uri> ListenOn { get; init; } = [];

    /// <summary>Gets the program's configuration, written once in the start line (its <see cref="object.ToString"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public object? Configuration { get; init; }

    /// <summary>Gets the transport credentials of the served endpoints and of every channel the chains dial.</summary>
    /// <value>The default is <see cref="NsmTransportCredentials.Plaintext"/>.</value>
    public NsmTransportCredentials Credentials { get; init; } = NsmTransportCredentials.Plaintext;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or not a unix or tcp URL.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(ListenOn, nameof(ListenOn));
        ArgumentNullException.ThrowIfNull(Credentials, nameof(Credentials));
        foreach (var url in ListenOn)
        {
            if (url is null || url.Scheme is not ("unix" or "tcp" or "http"))
            {
                throw new ArgumentException($"'{url}' is not a unix:///path or tcp://host:port URL", nameof(ListenOn));
            }
        }
    }
}
