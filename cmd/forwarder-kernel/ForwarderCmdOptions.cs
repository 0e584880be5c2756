using System.Globalization;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.ForwarderKernel;

/// <summary>The kernel forwarder's settings, read from <c>NSM_*</c> environment variables.</summary>
internal sealed record ForwarderCmdOptions
{
    /// <summary>NSM_NAME (default <c>forwarder</c>).</summary>
    public required string Name { get; init; }

    /// <summary>NSM_CONNECT_TO: the nsmgr (default <c>unix:///var/lib/networkservicemesh/nsm.io.sock</c>).</summary>
    public required Uri ConnectTo { get; init; }

    /// <summary>NSM_LISTEN_ON: where the forwarder serves (default a unix socket in a temp directory).</summary>
    public required Uri ListenOn { get; init; }

    /// <summary>NSM_LABELS (default <c>p2p=true</c>).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>NSM_MTU, else the config file's <c>mtu</c>, else 1500: the MTU of every interface the forwarder creates and of the connection context.</summary>
    public required int Mtu { get; init; }

    /// <summary>NSM_FORWARDER_CONFIG_PATH (default <c>/etc/nsm/forwarder.yaml</c>; a missing file is no config).</summary>
    public required string ConfigPath { get; init; }

    /// <summary>NSM_DIAL_TIMEOUT (default 5s).</summary>
    public required TimeSpan DialTimeout { get; init; }

    /// <summary>NSM_FORWARDER_NETWORK_SERVICE_NAME / NSM_SERVICE_NAME (default <c>forwarder</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>NSM_MAX_TOKEN_LIFETIME (default 10m).</summary>
    public required TimeSpan MaxTokenLifetime { get; init; }

    /// <summary>NSM_TUNNEL_IP, NSM_VXLAN_PORT, NSM_MECHANISM_PRIORITY: connections to other nodes.</summary>
    public required TunnelSettings Tunnel { get; init; }

    /// <summary>Who may name a namespace by path or inode (NSM_TRUSTED_PATH_CALLERS); nobody by default.</summary>
    public Nsm.Sdk.Common.NamespaceAccess.NamespaceAccessOptions NamespaceAccess { get; init; } = new();

    public static ForwarderCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var labels = env.GetLabels("NSM_LABELS");
        var configPath = env.GetString(ForwarderConfigFile.PathVariable, ForwarderConfigFile.DefaultPath);
        var file = ForwarderConfigFile.Read(configPath);
        var mtu = env.GetUInt("NSM_MTU", (uint)(file.Mtu ?? 1500));
        if (mtu is < 68 or > 65535)
        {
            throw new NsmConfigurationException($"NSM_MTU: {mtu.ToString(CultureInfo.InvariantCulture)} is outside 68..65535");
        }

        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-forwarder-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        return new ForwarderCmdOptions
        {
            Name = env.GetString("NSM_NAME", "forwarder"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            Labels = labels.Count > 0 ? labels : new Dictionary<string, string> { ["p2p"] = "true" },
            Mtu = (int)mtu,
            ConfigPath = configPath,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            ServiceName = env.GetString("NSM_FORWARDER_NETWORK_SERVICE_NAME", "forwarder", "NSM_SERVICE_NAME"),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
            NamespaceAccess = env.GetNamespaceAccess(),
            Tunnel = TunnelSettings.FromEnvironment(env),
        };
    }

    /// <summary>Gets the forwarder chains' options, with the data plane's elements (in chain order).</summary>
    public ForwarderOptions ToForwarderOptions(IReadOnlyList<INetworkServiceServer> dataPlaneServer, IReadOnlyList<INetworkServiceClient> dataPlaneClient) => new()
    {
        Name = Name,
        MaxTokenLifetime = MaxTokenLifetime,
        NamespaceAccess = NamespaceAccess,
        Url = ListenOn,
        NsmgrUrl = ConnectTo,
        ServiceName = ServiceName,
        Labels = Labels,
        DialTimeout = DialTimeout,
        RegistryDialTimeout = DialTimeout,
        AdditionalServerFunctionality = dataPlaneServer,
        AdditionalClientFunctionality = dataPlaneClient,
    };

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} " +
        $"mtu={Mtu.ToString(CultureInfo.InvariantCulture)} config={ConfigPath} dialTimeout={DialTimeout} service={ServiceName} maxTokenLifetime={MaxTokenLifetime} {Tunnel}";
}
