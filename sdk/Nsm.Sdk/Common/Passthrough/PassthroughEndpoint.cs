using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.Passthrough;

/// <summary>
/// What every passthrough NSE's chains need (the kernel one, the VPP one): its name, the nsmgr its onward connection goes
/// through, its namespace and the labels that select the next hop. The onward client does not refresh on its own: the
/// incoming refresh carries it, as upstream.
/// </summary>
public abstract record PassthroughEndpoint
{
    /// <summary>Gets the NSE's name: its endpoint and onward client name (<c>NSM_NAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the local nsmgr the onward connection is requested through (<c>NSM_CONNECT_TO</c>).</summary>
    public required Uri ConnectTo { get; init; }

    /// <summary>
    /// Gets the NSE's network namespace as the KERNEL mechanism names it, both for the incoming and the onward
    /// connection (<see cref="KernelMechanismOptions.ForProcess"/> of this process in a pod).
    /// </summary>
    public required string NetNSUrl { get; init; }

    /// <summary>Gets the labels of the onward request (<c>NSM_LABELS</c>): what the service's matches select the next hop by.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets how long dialing the nsmgr may take (<c>NSM_DIAL_TIMEOUT</c>); the default is 5 seconds, as upstream.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the maximum lifetime of the tokens both chains mint (<c>NSM_MAX_TOKEN_LIFETIME</c>).</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TokenDefaults.MaxTokenLifetime;

    /// <summary>Throws when a value is missing or out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public virtual void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(ConnectTo, nameof(ConnectTo));
        ArgumentException.ThrowIfNullOrWhiteSpace(NetNSUrl, nameof(NetNSUrl));
        ArgumentNullException.ThrowIfNull(Labels, nameof(Labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(DialTimeout, TimeSpan.Zero, nameof(DialTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(MaxTokenLifetime));
    }

    /// <summary>Gets the onward client chain: mechanism translation, the passthrough labels, then <paramref name="dataPath"/>; no refresh of its own.</summary>
    /// <param name="dataPath">The client elements of the data path (the mechanisms the NSE offers, last).</param>
    /// <returns>The client options.</returns>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    protected ClientOptions OnwardClientOptions(params IEnumerable<INetworkServiceClient> dataPath)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        Validate();
        return new ClientOptions
        {
            Name = Name,
            ClientUrl = ConnectTo,
            MaxTokenLifetime = MaxTokenLifetime,
            DialTimeout = DialTimeout,
            Refresh = false,
            AdditionalFunctionality = [new MechanismTranslationClient(), new PassthroughClient(Labels), .. dataPath],
        };
    }
}
