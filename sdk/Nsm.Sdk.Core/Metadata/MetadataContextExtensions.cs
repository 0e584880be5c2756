namespace Nsm.Sdk.Core;

/// <summary>Access to per-connection metadata from the call context.</summary>
public static class MetadataContextExtensions
{
    /// <summary>Gets the metadata map of one half of the current connection.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="isClient"><see langword="true"/> for the client half.</param>
    /// <returns>The map.</returns>
    /// <exception cref="InvalidOperationException">No metadata element ran before the caller in the chain.</exception>
    public static MetadataMap MetadataMap(this NsmContext context, bool isClient)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (context.Metadata ?? throw new InvalidOperationException(
            "no connection metadata in the context: put the metadata element before this element")).For(isClient);
    }
}
