namespace Orderly.Hosting;

/// <summary>
/// Lets a warning through at most once per interval: a dependency that is down (Redis) would
/// otherwise log once per request. Thread-safe; the first call always passes.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan every)
{
    private long _last = long.MinValue;

    public bool ShouldLog()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        return (last == long.MinValue || time.GetElapsedTime(last, now) >= every) && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
