using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Tests.Common.Doubles;

internal static class TestExtensions
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(Default);

    public static NetworkServiceRequest Request(string id = "id", string service = "svc") =>
        new() { Connection = new Connection { Id = id, NetworkService = service } };

    /// <summary>Waits until <paramref name="condition"/> holds (for background work on the real clock).</summary>
    public static async Task Eventually(Func<bool> condition, string because = "condition")
    {
        var until = DateTime.UtcNow + Default;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail("timed out waiting for " + because);
            }

            await Task.Delay(5);
        }
    }
}
