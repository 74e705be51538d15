using System.Diagnostics;
using HdrHistogram;

namespace Orderly.Bench.Infrastructure;

/// <summary>What a load phase measured. Latencies are in an HdrHistogram of microseconds.</summary>
internal sealed record LoadResult(string Name, long Ok, long Failures, TimeSpan Elapsed, HistogramBase Latency, double? OfferedRate = null, long Unfinished = 0)
{
    /// <summary>Successful operations per second over the phase.</summary>
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    public double P(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1000.0;

    public override string ToString() =>
        $"{Name}: {Ok} ok, {Failures} failed{(Unfinished > 0 ? $", {Unfinished} unfinished" : "")} in {Elapsed.TotalSeconds:F1} s = {PerSecond:F0}/s" +
        $"{(OfferedRate is { } r ? $" (offered {r:F0}/s)" : "")}; p50 {P(50):F1} ms, p90 {P(90):F1} ms, p99 {P(99):F1} ms, p99.9 {P(99.9):F1} ms, max {MaxMs:F1} ms";
}

/// <summary>
/// Two load generators. Closed loop: N clients, each sends its next request when the previous one
/// answered (measures throughput; hides queueing). Open loop: requests start on a fixed schedule
/// whatever the server does, and each latency is measured from the request's intended start, so a
/// stalled server is charged for every request that should have started meanwhile (no coordinated
/// omission).
/// </summary>
internal static class Load
{
    private const long MaxTrackableMicros = 10L * 60 * 1_000_000; // 10 minutes

    public static HistogramBase NewHistogram() => new LongConcurrentHistogram(1, MaxTrackableMicros, 3);

    /// <summary>
    /// Closed loop: <paramref name="clients"/> concurrent callers until <paramref name="duration"/>
    /// is over or <paramref name="maxCount"/> calls were started. <paramref name="call"/> gets the
    /// call's index and returns whether it succeeded.
    /// </summary>
    public static async Task<LoadResult> ClosedAsync(string name, int clients, TimeSpan duration, long maxCount, Func<int, Task<bool>> call)
    {
        var histogram = NewHistogram();
        long next = -1, ok = 0, failures = 0;
        var watch = Stopwatch.StartNew();
        var progress = Progress(name, watch, () => $"{Interlocked.Read(ref ok)} ok, {Interlocked.Read(ref failures)} failed, {Interlocked.Read(ref ok) / watch.Elapsed.TotalSeconds:F0}/s, p99 so far {histogram.GetValueAtPercentile(99) / 1000.0:F1} ms");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            long i;
            while (watch.Elapsed < duration && (i = Interlocked.Increment(ref next)) < maxCount)
            {
                var start = Stopwatch.GetTimestamp();
                bool success;
                try
                {
                    success = await call((int)i);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    success = false;
                }
                histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds));
                Interlocked.Increment(ref success ? ref ok : ref failures);
            }
        }));
        progress.Dispose();
        var result = new LoadResult(name, ok, failures, watch.Elapsed, histogram);
        Console.WriteLine($"  done     {result}");
        return result;
    }

    /// <summary>
    /// Open loop: call <c>i</c> is due at start + i/<paramref name="rate"/> for <paramref name="duration"/>;
    /// it is started when due (late if the generator itself fell behind) and its latency runs from
    /// the due time. <paramref name="call"/> gets the index and the due time (a Stopwatch timestamp).
    /// Calls still running <paramref name="drain"/> after the schedule ended are counted unfinished
    /// and recorded with the time they had waited so far.
    /// </summary>
    public static async Task<LoadResult> OpenAsync(string name, double rate, TimeSpan duration, long maxCount, Func<int, long, Task<bool>> call, TimeSpan? drain = null)
    {
        var histogram = NewHistogram();
        long ok = 0, failures = 0, started = 0;
        var total = Math.Min(maxCount, (long)(rate * duration.TotalSeconds));
        var pending = new Task[total];
        var done = new bool[total];
        var dueTimes = new long[total];
        var watch = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        var progress = Progress(name, watch, () => $"{Interlocked.Read(ref started)} started, {Interlocked.Read(ref ok)} ok, {Interlocked.Read(ref failures)} failed, {Interlocked.Read(ref started) - Interlocked.Read(ref ok) - Interlocked.Read(ref failures)} in flight, p99 so far {histogram.GetValueAtPercentile(99) / 1000.0:F1} ms");
        for (long i = 0; i < total; i++)
        {
            var due = origin + (long)(i * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            dueTimes[i] = due;
            pending[i] = RunOne((int)i, due);
            Interlocked.Increment(ref started);
        }
        var all = Task.WhenAll(pending);
        await Task.WhenAny(all, Task.Delay(drain ?? TimeSpan.FromSeconds(60)));
        var finished = watch.Elapsed; // the rate is over the time until the last answer, not the schedule
        long unfinished = 0;
        for (var i = 0; i < total; i++)
        {
            if (!Volatile.Read(ref done[i]))
            {
                unfinished++;
                histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(dueTimes[i]).TotalMicroseconds));
            }
        }
        progress.Dispose();
        var result = new LoadResult(name, ok, failures, finished, histogram, rate, unfinished);
        Console.WriteLine($"  done     {result}");
        return result;

        async Task RunOne(int i, long due)
        {
            await Task.Yield();
            bool success;
            try
            {
                success = await call(i, due);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                success = false;
            }
            histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds));
            Volatile.Write(ref done[i], true);
            Interlocked.Increment(ref success ? ref ok : ref failures);
        }
    }

    /// <summary>Prints one progress line a second until disposed.</summary>
    public static IDisposable Progress(string name, Stopwatch watch, Func<string> line)
    {
        var cancel = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(1000, cancel.Token);
                    Console.WriteLine($"  [{name}] {watch.Elapsed.TotalSeconds,5:F0} s: {line()}");
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // phase over
            }
        });
        return new Stop(cancel);
    }

    private sealed class Stop(CancellationTokenSource cancel) : IDisposable
    {
        public void Dispose()
        {
            cancel.Cancel();
            cancel.Dispose();
        }
    }
}
