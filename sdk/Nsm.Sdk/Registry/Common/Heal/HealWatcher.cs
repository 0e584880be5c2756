namespace Nsm.Sdk.Registry.Common.Heal;

/// <summary>One registration watch of the heal element: its cancellation and its task.</summary>
/// <param name="name">The watched name.</param>
internal sealed class HealWatcher(string name) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private CancellationToken? _token;

    public string Name { get; } = name;

    public CancellationToken Token => _token ??= _cts.Token;

    public Task Task { get; set; } = Task.CompletedTask;

    public void Dispose() => _cts.Dispose();

    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
