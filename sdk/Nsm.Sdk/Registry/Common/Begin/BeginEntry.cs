using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Begin;

/// <summary>The per-name state of <see cref="BeginRegistry{T, TQuery, TResponse}"/>: a one-at-a-time gate and the stored registration.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
internal sealed class BeginEntry<T, TQuery, TResponse> : IRegistryEventFactory, IDisposable
    where T : class
{
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationToken _token;

    private readonly BeginRegistry<T, TQuery, TResponse> _owner;

    public BeginEntry(BeginRegistry<T, TQuery, TResponse> owner, string name)
    {
        _owner = owner;
        Name = name;
        _token = _cts.Token;
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public string Name { get; }

    public bool Established { get; set; }

    public T? Registration { get; set; }

    public NsmContext? Context { get; set; }

    public TimeSpan? Timeout { get; set; }

    public RegistryHandler<T, TQuery, TResponse>? Next { get; set; }

    public CancellationToken Token => _token;

    public Task RegisterAsync() => ReplayAsync(register: true);

    public Task UnregisterAsync() => ReplayAsync(register: false);

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    private async Task ReplayAsync(bool register)
    {
        try
        {
            await Gate.WaitAsync(Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (Token.IsCancellationRequested || !Established || Registration is null || Context is null || Next is null)
            {
                return;
            }

            var clock = Context.Clock;
            var ctx = Context.Fork(Timeout is { } t ? clock.GetUtcNow() + t : null, Token);
            ctx.Set(RegistryBeginKeys.EventFactory, this);
            if (register)
            {
                var response = await Next.RegisterAsync(_owner.Kind.Clone(Registration), ctx).ConfigureAwait(false);
                Registration = _owner.ToRegistration(response, Name);
            }
            else
            {
                await Next.UnregisterAsync(_owner.Kind.Clone(Registration), ctx).ConfigureAwait(false);
                _owner.Forget(this);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (Context is not null)
            {
                RegistryCommonLog.BeginEventFailed(Context.Logger, register ? "Register" : "Unregister", Name, ex);
            }
        }
        finally
        {
            Release();
        }
    }

    internal void Release()
    {
        try
        {
            Gate.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
