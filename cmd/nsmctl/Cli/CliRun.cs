using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>Runs a command's body with kubectl's conventions: errors on stderr, exit code 1.</summary>
internal static class CliRun
{
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ManifestException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message.StartsWith("error", StringComparison.OrdinalIgnoreCase) || ex.Message.StartsWith("Error", StringComparison.Ordinal) ? ex.Message : "error: " + ex.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    /// <summary>Prints an answer's <c>warnings</c> (stderr), <c>lines</c> (stdout) and <c>errors</c> (stderr).</summary>
    public static int Print(JsonObject answer)
    {
        foreach (var w in answer["warnings"] as JsonArray ?? [])
        {
            Console.Error.WriteLine("Warning: " + Json.String(w));
        }

        foreach (var l in answer["lines"] as JsonArray ?? [])
        {
            Console.Out.WriteLine(Json.String(l));
        }

        var errors = answer["errors"] as JsonArray ?? [];
        foreach (var e in errors)
        {
            Console.Error.WriteLine(Json.String(e));
        }

        return errors.Count > 0 ? 1 : 0;
    }
}
