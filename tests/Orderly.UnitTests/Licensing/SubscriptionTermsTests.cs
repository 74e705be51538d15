using Orderly.Licensing;

namespace Orderly.UnitTests.Licensing;

public sealed class SubscriptionTermsTests
{
    private static readonly DateTime Current = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(3);

    [Fact]
    public void A_renewal_extends_to_the_paid_through_date_plus_grace() =>
        Assert.Equal(Current.AddMonths(1).AddDays(3), SubscriptionTerms.Renewed(Current, Current.AddMonths(1), Grace));

    [Fact]
    public void A_late_delivery_of_an_older_renewal_never_shortens_the_license() =>
        Assert.Equal(Current, SubscriptionTerms.Renewed(Current, Current.AddDays(-20), Grace));

    [Fact]
    public void An_ended_subscription_runs_out_after_the_grace_window_but_never_later_than_paid() =>
        Assert.Equal((Current.AddDays(-7), Current), (SubscriptionTerms.Ended(Current, Current.AddDays(-10), Grace), SubscriptionTerms.Ended(Current, Current.AddDays(10), Grace)));
}
