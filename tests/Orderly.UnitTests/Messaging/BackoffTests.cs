using Orderly.Messaging;

namespace Orderly.UnitTests.Messaging;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(7, 30)]
    [InlineData(20, 30)]
    public void Backoff_ceiling_doubles_per_attempt_until_the_cap(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Ceiling(attempt, Base, Cap));
    }

    [Fact]
    public void Full_jitter_with_a_zero_random_waits_nothing()
    {
        Assert.Equal(TimeSpan.Zero, Backoff.FullJitter(4, Base, Cap, 0.0));
    }

    [Fact]
    public void Full_jitter_with_a_random_just_below_one_waits_almost_the_ceiling_but_never_more()
    {
        var ceiling = Backoff.Ceiling(4, Base, Cap);

        var delay = Backoff.FullJitter(4, Base, Cap, 0.999999);

        Assert.True(delay <= ceiling, $"{delay} exceeds the ceiling {ceiling}");
        Assert.True(delay > ceiling * 0.999, $"{delay} is not close to the ceiling {ceiling}");
    }

    [Fact]
    public void Full_jitter_scales_the_ceiling_by_the_unit_random()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.FullJitter(4, Base, Cap, 0.5));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void Full_jitter_rejects_a_unit_random_outside_zero_to_one(double unitRandom)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.FullJitter(1, Base, Cap, unitRandom));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Backoff_attempts_below_one_are_rejected(int attempt)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Ceiling(attempt, Base, Cap));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public void Huge_attempt_numbers_stay_at_the_cap_without_overflowing(int attempt)
    {
        Assert.Equal(Cap, Backoff.Ceiling(attempt, Base, Cap));
        Assert.Equal(TimeSpan.FromSeconds(15), Backoff.FullJitter(attempt, Base, Cap, 0.5));
    }

    [Fact]
    public void Huge_attempt_numbers_with_an_unbounded_cap_do_not_wrap_negative()
    {
        var ceiling = Backoff.Ceiling(int.MaxValue, TimeSpan.FromDays(1), TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.MaxValue, ceiling);
        Assert.True(Backoff.FullJitter(int.MaxValue, TimeSpan.FromDays(1), TimeSpan.MaxValue, 0.999) > TimeSpan.Zero);
    }
}
