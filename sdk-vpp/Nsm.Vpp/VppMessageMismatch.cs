namespace Nsm.Vpp;

/// <summary>A message VPP does not speak as we do: missing from its table, or there under another CRC.</summary>
/// <param name="Wanted">The message and CRC we use.</param>
/// <param name="Found">The <c>name_crc</c> VPP's table has for the same name, or <see langword="null"/> when it has none.</param>
public readonly record struct VppMessageMismatch(VppMessageRef Wanted, string? Found)
{
    /// <inheritdoc/>
    public override string ToString() =>
        Found is null ? $"{Wanted.NameCrc} (it has no {Wanted.Name})" : $"{Wanted.NameCrc} (it has {Found})";
}
