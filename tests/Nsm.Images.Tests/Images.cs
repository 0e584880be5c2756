namespace Nsm.Images.Tests;

/// <summary>Gets a program's image, building it with scripts/images.sh when it is not there yet.</summary>
internal static class Images
{
    private static readonly SemaphoreSlim Building = new(1, 1);

    /// <summary>
    /// The image of <paramref name="role"/>. scripts/test.sh builds it before the tests run; a test run on its own
    /// builds it here (Native AOT publish included: minutes the first time). Rebuild with scripts/images.sh after a change.
    /// </summary>
    public static async Task<string> EnsureAsync(string role, CancellationToken cancellationToken)
    {
        var image = ImageNames.Of(role);
        await Building.WaitAsync(cancellationToken);
        try
        {
            if ((await DockerCli.RunAsync(["image", "inspect", "-f", "{{.Id}}", image], TimeSpan.FromSeconds(30), cancellationToken)).Ok)
            {
                return image;
            }

            var build = await DockerCli.RunProcessAsync(
                Path.Combine(ImageNames.RepositoryRoot, "scripts", "images.sh"), [role], ImageNames.RepositoryRoot, TimeSpan.FromMinutes(20), cancellationToken);
            Assert.True(build.Ok, $"scripts/images.sh {role} failed: {build}");
            return image;
        }
        finally
        {
            Building.Release();
        }
    }
}
