namespace Nsm.KernelVm.Checks;

/// <summary>
/// Runs checks one after the other, each with its own timeout, and prints one line per check:
/// "PASS name" or "FAIL name: why". Exit code 0 when all passed, 1 otherwise (or when no check matched).
/// </summary>
internal sealed class CheckRunner(TextWriter output, TimeProvider timeProvider, TimeSpan timeoutPerCheck)
{
    public async Task<int> RunAsync(IEnumerable<KernelCheck> checks, CancellationToken cancellationToken)
    {
        var failed = 0;
        var ran = 0;
        foreach (var check in checks)
        {
            ran++;
            var failure = await RunOneAsync(check, cancellationToken);
            if (failure is null)
            {
                await output.WriteLineAsync($"PASS {check.Name}");
            }
            else
            {
                failed++;
                await output.WriteLineAsync($"FAIL {check.Name}: {failure}");
            }

            await output.FlushAsync(cancellationToken);
        }

        if (ran == 0)
        {
            await output.WriteLineAsync("FAIL (no check matched)");
            return 1;
        }

        return failed == 0 ? 0 : 1;
    }

    private async Task<string?> RunOneAsync(KernelCheck check, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(timeoutPerCheck, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var context = new CheckContext(linked.Token);
            await using (context)
            {
                await check.RunAsync(context).WaitAsync(timeoutPerCheck, timeProvider, cancellationToken);
            }

            return null;
        }
        catch (CheckFailedException ex)
        {
            return ex.Message;
        }
        catch (TimeoutException)
        {
            return $"timed out after {timeoutPerCheck.TotalSeconds:0} s";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"timed out after {timeoutPerCheck.TotalSeconds:0} s";
        }
#pragma warning disable CA1031 // a check's unexpected exception is its failure, printed with its type
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
