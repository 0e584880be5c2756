namespace Nsm.E2E.Tests;

/// <summary>A fact that needs root (namespaces, veths, ip netns exec); skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!ProgramsFixture.IsRoot)
        {
            Skip = "needs root: the end-to-end tests create network namespaces and veth pairs and run programs with ip netns exec";
        }
        else if (!File.Exists("/usr/bin/ping") && !File.Exists("/bin/ping"))
        {
            Skip = "needs ping (apt-get install iputils-ping)";
        }
    }
}
