namespace Nsm.Sdk.Hosting;

/// <summary>Finds a program the way a shell does: the first executable file of that name in a PATH value's folders.</summary>
public static class ExecutablePath
{
    /// <summary>Finds an executable file by name.</summary>
    /// <param name="searchPath">A PATH value (folders separated by <c>:</c>), or null.</param>
    /// <param name="name">The file name, e.g. <c>vpp</c>.</param>
    /// <returns>The file's path, or null when no folder has it executable.</returns>
    public static string? Find(string? searchPath, string name) =>
        (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
