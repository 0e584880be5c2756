namespace Nsm.Images.Tests;

/// <summary>The names scripts/images.sh gives the images: <c>$NSM_IMAGE_PREFIX/cmd-&lt;role&gt;:&lt;version.txt&gt;</c>.</summary>
internal static class ImageNames
{
    /// <summary>Gets the repository root (the folder with version.txt and Nsm.Sdk.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Gets the one version of packages and images.</summary>
    public static string Version { get; } =
        Environment.GetEnvironmentVariable("NSM_VERSION") is { Length: > 0 } v ? v : File.ReadAllText(Path.Combine(RepositoryRoot, "version.txt")).Trim();

    /// <summary>Gets the image name prefix.</summary>
    public static string Prefix { get; } = Environment.GetEnvironmentVariable("NSM_IMAGE_PREFIX") is { Length: > 0 } p ? p : "nsm-sdk";

    /// <summary>The image of a role, e.g. <c>nsm-sdk/cmd-registry-memory:0.1.0</c>.</summary>
    public static string Of(string role) => $"{Prefix}/cmd-{role}:{Version}";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "version.txt")) && File.Exists(Path.Combine(dir.FullName, "Nsm.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no version.txt above {AppContext.BaseDirectory}");
    }
}
