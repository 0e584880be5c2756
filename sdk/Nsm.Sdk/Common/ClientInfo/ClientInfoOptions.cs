namespace Nsm.Sdk.Common.ClientInfo;

/// <summary>Options of <see cref="ClientInfoClient"/>.</summary>
public sealed class ClientInfoOptions
{
    /// <summary>
    /// Gets or sets the function that reads an environment variable (<see langword="null"/> when unset).
    /// Default: <see cref="Environment.GetEnvironmentVariable(string)"/>. Tests inject a dictionary lookup.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
