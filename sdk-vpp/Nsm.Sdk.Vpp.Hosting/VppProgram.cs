using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>Runs a VPP program's body as <see cref="NsmProgram"/> does, and exits 2 with one line when VPP cannot be used.</summary>
public static class VppProgram
{
    /// <summary>Runs <paramref name="body"/> until it ends.</summary>
    /// <param name="program">The program's name (the line's prefix).</param>
    /// <param name="body">The program: options, <see cref="VppRuntime.StartAsync"/>, then its host.</param>
    /// <param name="error">Where the line goes (stderr).</param>
    /// <returns>0, or 2 for a configuration error or a VPP that cannot be used (one line on <paramref name="error"/>).</returns>
    public static async Task<int> RunAsync(string program, Func<Task> body, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await NsmProgram.RunAsync(program, body).ConfigureAwait(false);
        }
        catch (VppStartupException e)
        {
            await error.WriteLineAsync($"{program}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
