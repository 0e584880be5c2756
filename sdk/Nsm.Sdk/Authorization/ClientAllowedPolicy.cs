namespace Nsm.Sdk.Authorization;

/// <summary>
/// <c>registry/client_allowed</c>: the resource name is not yet in <c>resource_path_ids_map</c>, or its first recorded
/// id equals <c>resource_id</c>. Only the identity that first registered a name may re-register or unregister it.
/// </summary>
/// <remarks>A recorded but empty id list denies, as in the rego policy.</remarks>
public sealed class ClientAllowedPolicy : IAuthorizationPolicy<RegistryAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.ClientAllowed;

    /// <inheritdoc />
    public bool IsValid(RegistryAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.ResourcePathIdsMap.TryGetValue(input.ResourceName, out var pathIds))
        {
            return true;
        }

        return pathIds.Count > 0 && string.Equals(pathIds[0], input.ResourceId, StringComparison.Ordinal);
    }
}
