using Microsoft.Extensions.Time.Testing;
using Orderly.Licensing;

namespace Orderly.UnitTests.Licensing;

public sealed class SigningKeyScheduleTests
{
    private static readonly LicensingOptions Options = new()
    {
        SigningKeyRotation = TimeSpan.FromDays(30),
        MaxLeaseLifetime = TimeSpan.FromDays(7),
        MaxGraceWindow = TimeSpan.FromDays(3),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static SigningKey Key(string kid, DateTime createdAt)
    {
        var (signsUntil, publishedUntil) = SigningKeySchedule.Periods(createdAt, Options);
        return new SigningKey { Kid = kid, X = "x", Y = "y", DataKeyId = "dk", PrivateKey = [], CreatedAt = createdAt, SignsUntil = signsUntil, PublishedUntil = publishedUntil };
    }

    [Fact]
    public void A_key_signs_for_the_rotation_period_and_then_a_new_key_is_due()
    {
        var first = Key("k1", Now);
        Assert.Same(first, SigningKeySchedule.Signer([first], Now));
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Same(first, SigningKeySchedule.Signer([first], Now));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(SigningKeySchedule.Signer([first], Now));
    }

    [Fact]
    public void A_retired_key_stays_published_for_the_longest_lease_and_grace_it_may_have_signed()
    {
        var first = Key("k1", Now);
        _time.Advance(TimeSpan.FromDays(30));
        var second = Key("k2", Now);
        Assert.Same(second, SigningKeySchedule.Signer([first, second], Now));
        Assert.Equal(["k2", "k1"], SigningKeySchedule.Published([first, second], Now).Select(k => k.Kid));

        // The last lease k1 signed (just before it retired) lives 7 days, plus 3 days of grace.
        _time.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        Assert.Contains(first, SigningKeySchedule.Published([first, second], Now));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["k2"], SigningKeySchedule.Published([first, second], Now).Select(k => k.Kid));
    }

    [Fact]
    public void When_two_instances_made_a_key_at_once_both_are_published_and_the_same_one_signs()
    {
        var a = Key("k-a", Now);
        var b = Key("k-b", Now);
        Assert.Same(SigningKeySchedule.Signer([a, b], Now), SigningKeySchedule.Signer([b, a], Now));
        Assert.Equal(2, SigningKeySchedule.Published([a, b], Now).Count);
    }
}
