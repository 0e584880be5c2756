using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The entry point shape of NSM programs: configuration errors stop the program with one clear line. When
/// <c>NSM_SPAN_PROFILE</c> names a file, the program writes there, at exit, where its Requests spent their time
/// (<see cref="SpanProfiler"/>).
/// </summary>
public static class NsmProgram
{
    /// <summary>Runs a program body; an <see cref="NsmConfigurationException"/> prints <c>&lt;program&gt;: &lt;message&gt;</c> and exits with 2.</summary>
    /// <param name="program">The program name, for the error line.</param>
    /// <param name="body">The program.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string program, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var profilePath = Environment.GetEnvironmentVariable("NSM_SPAN_PROFILE");
        using var profiler = string.IsNullOrEmpty(profilePath) ? null : new SpanProfiler();
        try
        {
            await body().ConfigureAwait(false);
            return 0;
        }
        catch (NsmConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"{program}: configuration error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        finally
        {
            if (profiler is not null)
            {
                await File.WriteAllTextAsync(profilePath!, profiler.FormatTable()).ConfigureAwait(false);
            }
        }
    }
}
