using Orderly.Payments;

namespace Orderly.UnitTests.Payments;

public sealed class WebhookOutcomesTests
{
    private static readonly Guid Order = new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly HashSet<Guid> Known = [Order];

    private static IncomingEvent Paid(string eventId, Guid? order = null) =>
        new("stripe", eventId, "payment_intent.succeeded", "{}", new PaymentSignal(true, order ?? Order, "pi_1", 1000, "EUR", null));

    [Fact]
    public void The_first_success_for_an_order_pays_it_and_a_second_signal_in_the_same_batch_finds_it_paid()
    {
        HashSet<string> stored = [];
        HashSet<Guid> paid = [];

        Assert.Equal(WebhookOutcomes.PaymentSucceeded, WebhookOutcomes.Decide(Paid("evt_1"), stored, Known, paid));
        Assert.Equal(WebhookOutcomes.AlreadyPaid, WebhookOutcomes.Decide(Paid("evt_2"), stored, Known, paid));
    }

    [Fact]
    public void An_event_stored_before_or_earlier_in_the_batch_is_a_duplicate_and_pays_nothing()
    {
        HashSet<string> stored = ["evt_old"];
        HashSet<Guid> paid = [];

        Assert.Equal(WebhookOutcomes.Duplicate, WebhookOutcomes.Decide(Paid("evt_old"), stored, Known, paid));
        Assert.Empty(paid);
        Assert.Equal(WebhookOutcomes.PaymentSucceeded, WebhookOutcomes.Decide(Paid("evt_new"), stored, Known, paid));
        Assert.Equal(WebhookOutcomes.Duplicate, WebhookOutcomes.Decide(Paid("evt_new"), stored, Known, paid));
    }

    [Fact]
    public void An_event_for_an_unknown_or_missing_order_is_stored_as_unknown_and_pays_nothing()
    {
        HashSet<Guid> paid = [];

        Assert.Equal(WebhookOutcomes.UnknownOrder, WebhookOutcomes.Decide(Paid("evt_a", Guid.CreateVersion7()), new HashSet<string>(), Known, paid));
        Assert.Equal(WebhookOutcomes.UnknownOrder, WebhookOutcomes.Decide(new IncomingEvent("stripe", "evt_b", "payment_intent.succeeded", "{}", new PaymentSignal(true, null, "pi", 1, "EUR", null)), new HashSet<string>(), Known, paid));
        Assert.Empty(paid);
    }

    [Fact]
    public void A_failure_is_reported_even_after_the_order_was_paid_and_an_untranslated_event_is_ignored()
    {
        HashSet<Guid> paid = [Order];
        var failed = new IncomingEvent("stripe", "evt_f", "payment_intent.payment_failed", "{}", new PaymentSignal(false, Order, "pi", 1000, "EUR", "card_declined"));

        Assert.Equal(WebhookOutcomes.PaymentFailed, WebhookOutcomes.Decide(failed, new HashSet<string>(), Known, paid));
        Assert.Equal(WebhookOutcomes.Ignored, WebhookOutcomes.Decide(new IncomingEvent("stripe", "evt_i", "customer.created", "{}", null), new HashSet<string>(), Known, paid));
    }

    [Fact]
    public void A_subscription_event_for_a_known_order_renews_or_ends_and_one_for_an_unknown_order_does_nothing()
    {
        static IncomingEvent Subscription(string eventId, Guid order, bool ended) =>
            new("stripe", eventId, ended ? "customer.subscription.deleted" : "invoice.paid", "{}", null,
                new SubscriptionSignal(order, "sub_1", ended, ended ? null : new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        HashSet<string> stored = [];
        HashSet<Guid> paid = [];

        Assert.Equal(WebhookOutcomes.SubscriptionRenewed, WebhookOutcomes.Decide(Subscription("evt_s1", Order, ended: false), stored, Known, paid));
        Assert.Equal(WebhookOutcomes.SubscriptionEnded, WebhookOutcomes.Decide(Subscription("evt_s2", Order, ended: true), stored, Known, paid));
        Assert.Equal(WebhookOutcomes.UnknownOrder, WebhookOutcomes.Decide(Subscription("evt_s3", Guid.NewGuid(), ended: false), stored, Known, paid));
        Assert.Equal(WebhookOutcomes.Duplicate, WebhookOutcomes.Decide(Subscription("evt_s1", Order, ended: false), stored, Known, paid));
        Assert.Empty(paid);
    }

    [Fact]
    public void A_refund_is_reported_once_per_refund_id_and_a_refund_of_nothing_is_not_reported()
    {
        static IncomingEvent Refund(string eventId, string refundId, long amount) =>
            new("paypal", eventId, "PAYMENT.CAPTURE.REFUNDED", "{}", null, Refund: new RefundSignal(Order, "cap_1", refundId, amount, "EUR", null, null));
        HashSet<string> stored = [];
        HashSet<string> refunds = ["re_old"];
        HashSet<Guid> paid = [Order];

        Assert.Equal(WebhookOutcomes.PaymentRefunded, WebhookOutcomes.Decide(Refund("evt_r1", "re_1", 500), stored, Known, paid, refunds));
        Assert.Equal(WebhookOutcomes.AlreadyRefunded, WebhookOutcomes.Decide(Refund("evt_r2", "re_1", 500), stored, Known, paid, refunds));
        Assert.Equal(WebhookOutcomes.AlreadyRefunded, WebhookOutcomes.Decide(Refund("evt_r3", "re_old", 500), stored, Known, paid, refunds));
        Assert.Equal(WebhookOutcomes.AlreadyRefunded, WebhookOutcomes.Decide(Refund("evt_r4", "re_2", 0), stored, Known, paid, refunds));
        Assert.Equal(WebhookOutcomes.UnknownOrder, WebhookOutcomes.Decide(Refund("evt_r5", "re_3", 500) with { Refund = new RefundSignal(null, "cap_x", "re_3", 500, "EUR", null, null) }, stored, Known, paid, refunds));
        Assert.DoesNotContain("re_2", refunds);
    }

    [Fact]
    public void A_cancellation_for_a_known_order_is_requested()
    {
        var cancel = new IncomingEvent("woocommerce", "woo_1", "order.updated", "{}", null, Cancel: new CancelSignal(Order, "cancelled in WooCommerce"));

        Assert.Equal(WebhookOutcomes.CancelRequested, WebhookOutcomes.Decide(cancel, new HashSet<string>(), Known, new HashSet<Guid>()));
    }
}
