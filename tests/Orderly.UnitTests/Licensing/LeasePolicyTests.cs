using Microsoft.Extensions.Time.Testing;
using Orderly.Licensing.Client;

namespace Orderly.UnitTests.Licensing;

/// <summary>The client library's lease rules.</summary>
public sealed class LeasePolicyTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));

    private Lease Issued() => new("token", Guid.NewGuid(), "SKU", "example.com", null, ["updates"],
        _time.GetUtcNow(), _time.GetUtcNow().AddDays(7), _time.GetUtcNow().AddDays(1), _time.GetUtcNow().AddDays(10));

    [Fact]
    public void A_lease_is_fresh_then_due_then_in_grace_then_lapsed()
    {
        var lease = Issued();
        Assert.Equal(LeaseStanding.Fresh, LeasePolicy.Standing(lease, _time.GetUtcNow(), Skew));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(LeaseStanding.Due, LeasePolicy.Standing(lease, _time.GetUtcNow(), Skew));
        _time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(LeaseStanding.Grace, LeasePolicy.Standing(lease, _time.GetUtcNow(), Skew));
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(LeaseStanding.Lapsed, LeasePolicy.Standing(lease, _time.GetUtcNow(), Skew));
    }

    [Fact]
    public void An_unreachable_server_keeps_a_valid_lease_valid_and_an_expired_one_on_grace_but_never_revives_a_lapsed_one()
    {
        Assert.Equal(LicenseState.Valid, LeasePolicy.AfterUnreachable(LeaseStanding.Due));
        Assert.Equal(LicenseState.Grace, LeasePolicy.AfterUnreachable(LeaseStanding.Grace));
        Assert.Equal(LicenseState.Invalid, LeasePolicy.AfterUnreachable(LeaseStanding.Lapsed));
    }

    [Fact]
    public void A_lease_issued_in_the_future_means_the_clock_was_set_back_and_counts_as_lapsed()
    {
        var lease = Issued();
        Assert.Equal(LeaseStanding.Fresh, LeasePolicy.Standing(lease, _time.GetUtcNow() - TimeSpan.FromMinutes(1), Skew));
        Assert.Equal(LeaseStanding.Lapsed, LeasePolicy.Standing(lease, _time.GetUtcNow() - TimeSpan.FromDays(1), Skew));
    }

    [Fact]
    public void No_lease_is_lapsed() => Assert.Equal(LeaseStanding.Lapsed, LeasePolicy.Standing(null, _time.GetUtcNow(), Skew));
}
