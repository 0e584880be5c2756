using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Begin;

/// <summary>
/// Replays events for one registration from the element after <c>begin</c>, serialized with the calls for the same
/// name. refresh and heal use <see cref="RegisterAsync"/>, expire uses <see cref="UnregisterAsync"/>.
/// </summary>
public interface IRegistryEventFactory
{
    /// <summary>Re-registers the stored registration (skipped when it is not established or was unregistered).</summary>
    /// <returns>A task that completes when the replay is done; it does not throw for a failed replay.</returns>
    Task RegisterAsync();

    /// <summary>Unregisters the stored registration and forgets it (skipped when there is none).</summary>
    /// <returns>A task that completes when the replay is done; it does not throw for a failed replay.</returns>
    Task UnregisterAsync();
}

/// <summary>Context keys of the registry <c>begin</c> element.</summary>
public static class RegistryBeginKeys
{
    /// <summary>The event factory of the registration the current call belongs to; set by <c>begin</c>.</summary>
    public static readonly NsmContextKey<IRegistryEventFactory> EventFactory = new("registry.begin.event-factory");
}
