using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The VLAN mechanism (REMOTE); the remote NSE fills in <c>vlan-id</c>.</summary>
public sealed class VlanMechanism : TypedMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "VLAN";

    /// <summary>Key of the VLAN id (decimal, 12 bits; note the hyphen).</summary>
    public const string VlanIdKey = "vlan-id";

    private VlanMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates an empty REMOTE VLAN preference, as the VPP forwarder client offers it.</summary>
    public static Mechanism New() => Create(Cls.Remote, MechanismType);

    /// <summary>Creates a REMOTE VLAN mechanism with <c>vlan-id</c> set.</summary>
    /// <param name="vlanId">VLAN id, 0–4095.</param>
    public static Mechanism New(ushort vlanId)
    {
        var mechanism = New();
        ToMechanism(mechanism)!.VlanId = vlanId;
        return mechanism;
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not VLAN.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static VlanMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new VlanMechanism(mechanism!) : null;

    /// <summary>VLAN id; an absent, invalid or over-12-bit value reads as 0.</summary>
    public ushort VlanId
    {
        get => (ushort)ParameterParsing.ParseUnsigned(Get(VlanIdKey), 12);
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (ushort)4095);
            Set(VlanIdKey, ParameterParsing.FormatUnsigned(value));
        }
    }
}
