namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Finds our programs' binaries: <c>--programs DIR</c> / <c>NSMCTL_PROGRAMS</c> first (a folder holding
/// <c>nsm-&lt;x&gt;</c> native binaries or <c>nsm-&lt;x&gt;.dll</c>, or one sub-folder per program as
/// <c>artifacts/aot/&lt;x&gt;/</c>, or a source checkout), then nsmctl's own folder (a publish of all programs together) and
/// the folders next to it (each program published to a folder of its own, as scripts/bench.sh does: an AOT nsmctl
/// runs AOT programs), then a source checkout above it (<c>cmd/&lt;x&gt;/bin/&lt;Configuration&gt;/net10.0</c>, as the
/// E2E tests find them). A program built from an example is looked for the same way under its folder's name
/// (<c>IdsEndpoint/</c>, <c>examples/IdsEndpoint/bin/…</c>).
/// </summary>
internal sealed class ProgramLocator(string? programsDir)
{
    /// <summary>The command line (file and leading arguments) that runs <paramref name="program"/>, or null with the places tried.</summary>
    public (string File, string[] Args)? Find(ProgramRole program, out string tried)
    {
        var places = new List<string>();
        var folder = Path.GetFileName(program.Source);
        if (programsDir is { Length: > 0 })
        {
            places.Add(programsDir);
            places.Add(Path.Combine(programsDir, folder));
        }

        places.Add(AppContext.BaseDirectory);
        if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)) is { } parent)
        {
            places.Add(Path.Combine(parent, folder));
        }

        foreach (var root in new[] { programsDir, RepoRoot() }.OfType<string>().Where(r => File.Exists(Path.Combine(r, "Nsm.Sdk.sln"))))
        {
            foreach (var configuration in new[] { Configuration, Configuration == "Release" ? "Debug" : "Release" })
            {
                places.Add(Path.Combine(root, program.Source, "bin", configuration, "net10.0"));
            }
        }

        tried = string.Join(", ", places);
        foreach (var dir in places)
        {
            var dll = Path.Combine(dir, program.Binary + ".dll");
            var native = Path.Combine(dir, program.Binary);
            if (File.Exists(dll))
            {
                return ("dotnet", [dll]);
            }

            if (File.Exists(native))
            {
                return (native, []);
            }
        }

        return null;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string? RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Nsm.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir;
    }
}
