namespace Nsm.Sdk.Hosting;

/// <summary>The entry point shape of NSM programs: configuration errors stop the program with one clear line.</summary>
public static class NsmProgram
{
    /// <summary>Runs a program body; an <see cref="NsmConfigurationException"/> prints <c>&lt;program&gt;: &lt;message&gt;</c> and exits with 2.</summary>
    /// <param name="program">The program name, for the error line.</param>
    /// <param name="body">The program.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string program, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
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
    }
}
