using Microsoft.Extensions.Time.Testing;
using Orderly.Licensing;
using Orderly.Licensing.Contracts;

namespace Orderly.UnitTests.Licensing;

public sealed class LeaseRulesTests
{
    private static readonly LeaseTerms Terms = new(TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromDays(3));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    [Fact]
    public void A_perpetual_license_gets_a_lease_for_its_lifetime_with_grace_after_it()
    {
        var granted = Assert.IsType<LeaseRules.Decision.Granted>(LeaseRules.Decide(LicenseStatus.Active, null, Terms, Now));
        Assert.Equal(Now, granted.IssuedAt);
        Assert.Equal(Now.AddDays(7), granted.ExpiresAt);
        Assert.Equal(Now.AddDays(1), granted.RevalidateAt);
        Assert.Equal(Now.AddDays(10), granted.GraceUntil);
    }

    [Fact]
    public void Near_the_end_of_a_subscription_neither_the_lease_nor_its_grace_outlive_the_paid_period()
    {
        var expiresAt = Now.AddDays(2);
        var granted = Assert.IsType<LeaseRules.Decision.Granted>(LeaseRules.Decide(LicenseStatus.Active, expiresAt, Terms, Now));
        Assert.Equal(expiresAt, granted.ExpiresAt);
        Assert.Equal(expiresAt, granted.GraceUntil);
        Assert.Equal(Now.AddDays(1), granted.RevalidateAt);
    }

    [Fact]
    public void A_subscription_expires_at_the_end_of_its_period_without_any_sweep()
    {
        var expiresAt = Now.AddDays(30);
        Assert.IsType<LeaseRules.Decision.Granted>(LeaseRules.Decide(LicenseStatus.Active, expiresAt, Terms, Now));
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.IsType<LeaseRules.Decision.Granted>(LeaseRules.Decide(LicenseStatus.Active, expiresAt, Terms, Now));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LicenseStatus.Expired, Assert.IsType<LeaseRules.Decision.Denied>(LeaseRules.Decide(LicenseStatus.Active, expiresAt, Terms, Now)).Status);
    }

    [Fact]
    public void Renewal_that_moves_the_period_end_gives_leases_again()
    {
        var expiresAt = Now.AddDays(30);
        _time.Advance(TimeSpan.FromDays(31));
        Assert.IsType<LeaseRules.Decision.Denied>(LeaseRules.Decide(LicenseStatus.Active, expiresAt, Terms, Now));
        var renewed = LeaseRules.PeriodEnd(LicensePlan.Monthly, expiresAt)!.Value;
        var granted = Assert.IsType<LeaseRules.Decision.Granted>(LeaseRules.Decide(LicenseStatus.Active, renewed, Terms, Now));
        Assert.Equal(Now.AddDays(7), granted.ExpiresAt);
    }

    [Theory]
    [InlineData(LicenseStatus.Suspended)]
    [InlineData(LicenseStatus.Revoked)]
    [InlineData(LicenseStatus.Expired)]
    public void A_license_that_is_not_active_gets_no_lease_whatever_its_period(LicenseStatus status) =>
        Assert.Equal(status, Assert.IsType<LeaseRules.Decision.Denied>(LeaseRules.Decide(status, Now.AddYears(1), Terms, Now)).Status);

    [Fact]
    public void A_revoked_license_stays_revoked_after_its_period_ends() =>
        Assert.Equal(LicenseStatus.Revoked, LeaseRules.EffectiveStatus(LicenseStatus.Revoked, Now.AddDays(-1), Now));

    [Fact]
    public void Plans_end_a_calendar_month_or_year_later_and_perpetual_never()
    {
        var start = new DateTime(2026, 1, 31, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 2, 28, 0, 0, 0, DateTimeKind.Utc), LeaseRules.PeriodEnd(LicensePlan.Monthly, start));
        Assert.Equal(new DateTime(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc), LeaseRules.PeriodEnd(LicensePlan.Yearly, start));
        Assert.Null(LeaseRules.PeriodEnd(LicensePlan.Perpetual, start));
    }
}
