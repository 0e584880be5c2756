using System.Diagnostics;

namespace Nsm.Bench;

/// <summary>
/// Runs nsmctl with a state folder of the bench's own: the Native AOT build scripts/bench.sh publishes
/// (NSMB_EXE_NSMCTL), whose supervisor runs the AOT programs next to it (<c>--programs</c>, the folder holding
/// NSMB_EXE_NSMGR's), or else <c>dotnet nsmctl.dll</c> of the Release build with the programs' JIT builds.
/// </summary>
internal sealed class NsmctlCli
{
    private readonly string _file;
    private readonly string[] _prefix;

    public NsmctlCli(string root, string state)
    {
        var exe = Environment.GetEnvironmentVariable("NSMB_EXE_NSMCTL");
        var dll = Path.Combine(root, "cmd", "nsmctl", "bin", "Release", "net10.0", "nsmctl.dll");
        (_file, var prefix) = exe is { Length: > 0 } ? (exe, Array.Empty<string>())
            : File.Exists(dll) ? ("dotnet", [dll])
            : throw new FileNotFoundException($"{dll} is missing: build cmd/nsmctl in Release (scripts/bench.sh does)", dll);
        var programs = Environment.GetEnvironmentVariable("NSMB_EXE_NSMGR") is { Length: > 0 } nsmgr ? Path.GetDirectoryName(Path.GetDirectoryName(nsmgr)) : null;
        _prefix = [.. prefix, "--state", state, .. programs is null ? Array.Empty<string>() : ["--programs", programs]];
        State = state;
        Programs = programs;
    }

    public string State { get; }

    /// <summary>Gets the folder of the AOT programs passed as <c>--programs</c> (null: nsmctl finds the JIT builds).</summary>
    public string? Programs { get; }

    /// <summary>Gets how nsmctl itself runs, for the report.</summary>
    public string Command => _prefix.Length > 0 && _file == "dotnet" ? "dotnet " + _prefix[0] : _file;

    /// <summary>Runs <c>nsmctl ARGS…</c>; kills it after <paramref name="max"/>.</summary>
    public Task<(int Code, string Out, string Err)> RunAsync(TimeSpan max, CancellationToken ct, params string[] args) =>
        BoundedProcess.RunAsync(_file, _prefix.Concat(args), max, ct);

    /// <summary>Runs nsmctl (at most a minute) and returns its output; throws with its stderr unless it exits 0.</summary>
    public async Task<string> OkAsync(CancellationToken ct, params string[] args)
    {
        var (code, output, error) = await RunAsync(TimeSpan.FromMinutes(1), ct, args);
        return code == 0 ? output : throw new InvalidOperationException($"nsmctl {string.Join(' ', args)} exited {code}: {error.Trim()} (state and logs: {State})");
    }
}
