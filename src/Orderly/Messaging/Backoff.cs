namespace Orderly.Messaging;

/// <summary>
/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
/// the n-th retry waits a uniformly random time in [0, min(cap, base * 2^(n-1))]. Jitter spreads
/// retries of many failed rows so a recovering dependency is not hit by all of them at once.
/// </summary>
public static class Backoff
{
    public static TimeSpan Ceiling(int attempt, TimeSpan baseDelay, TimeSpan cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(cap.Ticks, baseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <param name="unitRandom">a value in [0, 1); jitter is not a secret, so a plain PRNG is fine.</param>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan cap, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unitRandom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unitRandom, 1.0);
        return TimeSpan.FromTicks((long)(Ceiling(attempt, baseDelay, cap).Ticks * unitRandom));
    }
}
