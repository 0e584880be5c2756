namespace Nsm.RealVpp.Checks.Support;

/// <summary>A fact that runs only where <c>NSM_REAL_VPP</c> names a vpp binary (scripts/real-vpp.sh sets it).</summary>
public sealed class RealVppFactAttribute : FactAttribute
{
    public RealVppFactAttribute()
    {
        if (RealVpp.Binary is null)
        {
            Skip = "NSM_REAL_VPP does not name a vpp binary (run scripts/real-vpp.sh)";
        }
    }
}
