namespace Orderly.Reseller.Webhooks;

/// <summary>
/// When a failed delivery is tried again. The n-th retry waits a random time in [0, schedule[n]]
/// (full jitter, so receivers that failed together are not hit together), but never less than the
/// receiver's <c>Retry-After</c>. After the last step the delivery has failed.
/// </summary>
internal static class RetrySchedule
{
    /// <summary>About three days in all: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> Default =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>
    /// The wait after the <paramref name="failedAttempts"/>-th failed attempt (1-based), or null
    /// when the schedule is used up. <paramref name="unit"/> is a random number in [0, 1).
    /// </summary>
    public static TimeSpan? Next(IReadOnlyList<TimeSpan> schedule, int failedAttempts, double unit, TimeSpan? retryAfter)
    {
        if (failedAttempts < 1 || failedAttempts > schedule.Count)
        {
            return null;
        }
        var cap = schedule[failedAttempts - 1];
        var jittered = TimeSpan.FromTicks((long)(cap.Ticks * Math.Clamp(unit, 0, 1)));
        // Honour Retry-After, but within the step's cap times two so a hostile header cannot park a delivery for ever.
        return retryAfter is { } after && after > jittered ? TimeSpan.FromTicks(Math.Min(after.Ticks, cap.Ticks * 2)) : jittered;
    }
}
