using Orderly.Reseller.Webhooks;

namespace Orderly.UnitTests.Reseller.Webhooks;

public sealed class RetryScheduleTests
{
    [Fact]
    public void The_default_schedule_spans_about_three_days_in_nine_steps()
    {
        Assert.Equal(9, RetrySchedule.Default.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), RetrySchedule.Default[0]);
        Assert.Equal(TimeSpan.FromHours(24), RetrySchedule.Default[^1]);
        var total = RetrySchedule.Default.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange(total.TotalHours, 72, 80);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Each_retry_waits_a_random_time_between_zero_and_its_steps_cap(double unit)
    {
        for (var attempt = 1; attempt <= RetrySchedule.Default.Count; attempt++)
        {
            var wait = RetrySchedule.Next(RetrySchedule.Default, attempt, unit, retryAfter: null)!.Value;
            Assert.InRange(wait, TimeSpan.Zero, RetrySchedule.Default[attempt - 1]);
            Assert.Equal(RetrySchedule.Default[attempt - 1].Ticks * unit, wait.Ticks, tolerance: 1);
        }
    }

    [Fact]
    public void After_the_last_step_the_delivery_has_failed() =>
        Assert.Null(RetrySchedule.Next(RetrySchedule.Default, RetrySchedule.Default.Count + 1, 0.5, null));

    [Fact]
    public void Retry_after_is_honoured_but_bounded_by_twice_the_steps_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), RetrySchedule.Next(RetrySchedule.Default, 1, 0.1, TimeSpan.FromSeconds(8)));
        Assert.Equal(TimeSpan.FromSeconds(10), RetrySchedule.Next(RetrySchedule.Default, 1, 0.1, TimeSpan.FromHours(1)));
        // A shorter Retry-After than the jittered wait changes nothing.
        Assert.Equal(TimeSpan.FromMinutes(4), RetrySchedule.Next(RetrySchedule.Default, 2, 0.8, TimeSpan.FromSeconds(1)));
    }
}
