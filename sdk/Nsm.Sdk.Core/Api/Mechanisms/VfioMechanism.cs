using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The VFIO mechanism (LOCAL): a device passed to a DPDK application through vfio.</summary>
public sealed class VfioMechanism : TypedMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "VFIO";

    /// <summary>Key of the client's cgroup directory.</summary>
    public const string CgroupDirKey = "cgroupDir";

    /// <summary>Key of the IOMMU group number.</summary>
    public const string IommuGroupKey = "iommuGroup";

    /// <summary>Key of the <c>/dev/vfio/vfio</c> major number.</summary>
    public const string VfioMajorKey = "vfioMajor";

    /// <summary>Key of the <c>/dev/vfio/vfio</c> minor number.</summary>
    public const string VfioMinorKey = "vfioMinor";

    /// <summary>Key of the device major number.</summary>
    public const string DeviceMajorKey = "deviceMajor";

    /// <summary>Key of the device minor number.</summary>
    public const string DeviceMinorKey = "deviceMinor";

    private VfioMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates LOCAL VFIO with <c>{cgroupDir}</c>.</summary>
    /// <param name="cgroupDir">The client's cgroup directory.</param>
    public static Mechanism New(string cgroupDir)
    {
        ArgumentNullException.ThrowIfNull(cgroupDir);
        return Create(Cls.Local, MechanismType, (CgroupDirKey, cgroupDir));
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not VFIO.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static VfioMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new VfioMechanism(mechanism!) : null;

    /// <summary>cgroup directory.</summary>
    public string CgroupDir
    {
        get => Get(CgroupDirKey);
        set => Set(CgroupDirKey, value);
    }

    /// <summary>PCI address.</summary>
    public string PciAddress
    {
        get => Get(CommonParameters.PciAddressKey);
        set => Set(CommonParameters.PciAddressKey, value);
    }

    /// <summary>SR-IOV device token id.</summary>
    public string DeviceTokenId
    {
        get => Get(CommonParameters.DeviceTokenIdKey);
        set => Set(CommonParameters.DeviceTokenIdKey, value);
    }

    /// <summary>IOMMU group; invalid reads as 0.</summary>
    public uint IommuGroup
    {
        get => GetNumber(IommuGroupKey);
        set => SetNumber(IommuGroupKey, value);
    }

    /// <summary>vfio major; invalid reads as 0.</summary>
    public uint VfioMajor
    {
        get => GetNumber(VfioMajorKey);
        set => SetNumber(VfioMajorKey, value);
    }

    /// <summary>vfio minor; invalid reads as 0.</summary>
    public uint VfioMinor
    {
        get => GetNumber(VfioMinorKey);
        set => SetNumber(VfioMinorKey, value);
    }

    /// <summary>Device major; invalid reads as 0.</summary>
    public uint DeviceMajor
    {
        get => GetNumber(DeviceMajorKey);
        set => SetNumber(DeviceMajorKey, value);
    }

    /// <summary>Device minor; invalid reads as 0.</summary>
    public uint DeviceMinor
    {
        get => GetNumber(DeviceMinorKey);
        set => SetNumber(DeviceMinorKey, value);
    }

    private uint GetNumber(string key) => (uint)ParameterParsing.ParseUnsigned(Get(key), 32);

    private void SetNumber(string key, uint value) => Set(key, ParameterParsing.FormatUnsigned(value));
}
