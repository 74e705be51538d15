namespace Orderly.Hosting;

/// <summary>
/// The loop of a periodic worker: one sweep at start, then one per tick of the injected clock. A
/// failed sweep is reported and the next tick tries again; stopping the host ends the loop quietly.
/// </summary>
public static class SweepLoop
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> sweep, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await sweep(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
