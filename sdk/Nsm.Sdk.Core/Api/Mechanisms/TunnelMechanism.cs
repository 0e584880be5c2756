using System.Net;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Shared accessors of the IP tunnel mechanisms (VXLAN, WireGuard, IPsec): endpoints, ports and MTU.</summary>
public abstract class TunnelMechanism : TypedMechanism
{
    /// <summary>Wraps <paramref name="mechanism"/>.</summary>
    /// <param name="mechanism">The mechanism.</param>
    protected TunnelMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary><c>src_ip</c>; null when absent or not an IP.</summary>
    public IPAddress? SrcIP
    {
        get => ParameterParsing.ParseIP(Get(CommonParameters.SrcIP));
        set => SetIP(CommonParameters.SrcIP, value);
    }

    /// <summary><c>dst_ip</c>; null when absent or not an IP.</summary>
    public IPAddress? DstIP
    {
        get => ParameterParsing.ParseIP(Get(CommonParameters.DstIP));
        set => SetIP(CommonParameters.DstIP, value);
    }

    /// <summary><c>orig_src_ip</c>; null when absent or not an IP.</summary>
    public IPAddress? SrcOriginalIP
    {
        get => ParameterParsing.ParseIP(Get(CommonParameters.SrcOriginalIP));
        set => SetIP(CommonParameters.SrcOriginalIP, value);
    }

    /// <summary><c>orig_dst_ip</c>; null when absent or not an IP.</summary>
    public IPAddress? DstOriginalIP
    {
        get => ParameterParsing.ParseIP(Get(CommonParameters.DstOriginalIP));
        set => SetIP(CommonParameters.DstOriginalIP, value);
    }

    /// <summary><c>src_port</c>; 0 when absent or invalid.</summary>
    public ushort SrcPort
    {
        get => (ushort)ParameterParsing.ParseUnsigned(Get(CommonParameters.SrcPort), 16);
        set => Set(CommonParameters.SrcPort, ParameterParsing.FormatUnsigned(value));
    }

    /// <summary><c>dst_port</c>; 0 when absent or invalid.</summary>
    public ushort DstPort
    {
        get => (ushort)ParameterParsing.ParseUnsigned(Get(CommonParameters.DstPort), 16);
        set => Set(CommonParameters.DstPort, ParameterParsing.FormatUnsigned(value));
    }

    /// <summary><c>MTU</c>; 0 when absent or invalid.</summary>
    public uint Mtu
    {
        get => (uint)ParameterParsing.ParseUnsigned(Get(CommonParameters.Mtu), 32);
        set => Set(CommonParameters.Mtu, ParameterParsing.FormatUnsigned(value));
    }

    private void SetIP(string key, IPAddress? value)
    {
        if (value is null)
        {
            Parameters.Remove(key);
        }
        else
        {
            Set(key, value.ToString());
        }
    }
}
