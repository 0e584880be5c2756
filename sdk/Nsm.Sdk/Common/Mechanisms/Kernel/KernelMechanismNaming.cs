using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Kernel;

/// <summary>Fills a KERNEL mechanism's netns URL, interface name and MTU (shared by client and server).</summary>
internal sealed class KernelMechanismNaming
{
    private static readonly NsmContextKey<string> GeneratedName = new("kernel.generated-interface-name");

    private readonly KernelMechanismOptions _options;
    private readonly string? _fixedName;

    public KernelMechanismNaming(KernelMechanismOptions? options)
    {
        _options = options ?? new KernelMechanismOptions();
        _options.Validate();
        _fixedName = string.IsNullOrEmpty(_options.InterfaceName) ? null : Truncate(_options.InterfaceName);
    }

    public string NetNSUrl => _options.NetNSUrl;

    /// <summary>Sets the netns URL (always), the name (when missing) and the MTU (when missing and configured).</summary>
    public void Complete(KernelMechanism mechanism, Connection? connection, NsmContext context, bool isClient)
    {
        mechanism.NetNSUrl = _options.NetNSUrl;
        if (mechanism.InterfaceName.Length == 0)
        {
            mechanism.InterfaceName = NameFor(connection, context, isClient);
        }

        if (_options.Mtu is { } mtu && !mechanism.Parameters.ContainsKey(CommonParameters.Mtu))
        {
            mechanism.Parameters[CommonParameters.Mtu] = mtu.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Forgets the name generated for the connection.</summary>
    public static void Forget(NsmContext context, bool isClient) => context.Metadata?.For(isClient).Delete(GeneratedName);

    private string NameFor(Connection? connection, NsmContext context, bool isClient)
    {
        if (_fixedName is not null)
        {
            return _fixedName;
        }

        var service = connection?.NetworkService ?? string.Empty;
        string Generate() => Truncate(_options.InterfaceNameGenerator?.Invoke(service) ?? KernelMechanism.GenerateInterfaceName(service));

        // Keep one generated name per connection so refreshes do not rename the interface.
        return context.Metadata is { } metadata ? metadata.For(isClient).LoadOrStore(GeneratedName, Generate) : Generate();
    }

    private static string Truncate(string name) =>
        name.Length > KernelMechanism.LinuxIfMaxLength ? name[..KernelMechanism.LinuxIfMaxLength] : name;
}
