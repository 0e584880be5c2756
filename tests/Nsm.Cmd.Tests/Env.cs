using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Tests;

/// <summary>An environment made of the given variables only.</summary>
internal static class Env
{
    public static NsmEnvironment Of(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new NsmEnvironment(name => map.GetValueOrDefault(name));
    }
}
