using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Payments;
using Orderly.Payments.Contracts;

namespace Orderly.IntegrationTests.Payments;

public sealed class StripeRefundTests
{
    private sealed record Shop(OrderlyApp App, Published<PaymentRefunded> Refunds, Published<PaymentSucceeded> Payments, Guid OrderId, long Total, string PaymentIntent)
        : IAsyncDisposable
    {
        public async Task<string?> OutcomeAsync(string payload)
        {
            var response = await App.PayAsync(payload);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("outcome").GetString();
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<Shop> PaidOrderAsync()
    {
        var refunds = new Published<PaymentRefunded>();
        var payments = new Published<PaymentSucceeded>();
        var app = new OrderlyApp(services: services =>
        {
            refunds.Register(services);
            payments.Register(services);
        });
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-SR", price: 2000)).StatusCode);
        await app.ImportKeysAsync("SKU-SR", ["SR-1", "SR-2"]);
        var (orderId, total) = await app.PlaceOrderAsync($"sr-{Guid.NewGuid():N}@example.com", ("SKU-SR", 1));
        var paymentIntent = $"pi_{Guid.NewGuid():N}";
        return new Shop(app, refunds, payments, orderId, total, paymentIntent);
    }

    [Fact]
    public async Task Partial_refunds_without_the_refunds_list_are_reported_as_increments_and_a_repeat_changes_nothing()
    {
        await using var shop = await PaidOrderAsync();
        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(StripeEvents.PaymentIntentSucceeded(shop.OrderId, shop.Total, paymentIntentId: shop.PaymentIntent)));
        var charge = $"ch_{Guid.NewGuid():N}";

        var first = StripeEvents.ChargeRefunded(charge, shop.PaymentIntent, shop.Total, 500);
        Assert.Equal("payment_refunded", await shop.OutcomeAsync(first));
        Assert.Equal("duplicate", await shop.OutcomeAsync(first));
        Assert.Equal("payment_refunded", await shop.OutcomeAsync(StripeEvents.ChargeRefunded(charge, shop.PaymentIntent, shop.Total, 1200)));
        // Stripe re-sent the state after the second refund as a new event: nothing new.
        Assert.Equal("already_refunded", await shop.OutcomeAsync(StripeEvents.ChargeRefunded(charge, shop.PaymentIntent, shop.Total, 1200)));

        var published = (await shop.Refunds.WaitForAsync(2)).OrderBy(r => r.Amount).ToList();
        Assert.Equal([(500L, $"{charge}:500"), (700L, $"{charge}:1200")], published.Select(r => (r.Amount, r.ProviderRefundId)));
        Assert.All(published, r => Assert.Equal((shop.OrderId, "stripe", "EUR"), (r.OrderId, r.Provider, r.Currency)));
        Assert.Equal(2, await shop.App.QueryAsync(db => db.Set<ReportedRefund>().CountAsync()));
    }

    [Fact]
    public async Task With_the_refunds_list_the_newest_refund_is_reported_under_its_own_id_with_its_lines()
    {
        await using var shop = await PaidOrderAsync();
        await shop.OutcomeAsync(StripeEvents.PaymentIntentSucceeded(shop.OrderId, shop.Total, paymentIntentId: shop.PaymentIntent));
        var line = (await shop.App.GetOrderAsync(shop.OrderId)).GetProperty("lines")[0].GetProperty("id").GetGuid();
        var charge = $"ch_{Guid.NewGuid():N}";
        var created = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        Assert.Equal("payment_refunded", await shop.OutcomeAsync(StripeEvents.ChargeRefunded(charge, shop.PaymentIntent, shop.Total, 300, [("re_first", 300, created, null)])));
        Assert.Equal("payment_refunded", await shop.OutcomeAsync(StripeEvents.ChargeRefunded(charge, shop.PaymentIntent, shop.Total, shop.Total,
            [("re_first", 300, created, null), ("re_second", shop.Total - 300, created + 60, line.ToString())])));

        var published = (await shop.Refunds.WaitForAsync(2)).OrderBy(r => r.ProviderRefundId, StringComparer.Ordinal).ToList();
        Assert.Equal(["re_first", "re_second"], published.Select(r => r.ProviderRefundId));
        Assert.Equal([300L, shop.Total - 300], published.Select(r => r.Amount));
        Assert.Null(published[0].OrderLineIds);
        Assert.Equal([line], published[1].OrderLineIds!);
        Assert.Equal("requested_by_customer", published[1].Reason);
    }

    [Fact]
    public async Task A_refund_of_a_charge_Orderly_never_saw_paid_is_stored_as_unknown()
    {
        await using var shop = await PaidOrderAsync();

        Assert.Equal("unknown_order", await shop.OutcomeAsync(StripeEvents.ChargeRefunded($"ch_{Guid.NewGuid():N}", "pi_unknown", 1000, 1000)));

        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<ReportedRefund>().CountAsync()));
    }

    [Fact]
    public async Task A_charge_succeeded_event_pays_the_order_with_Radars_risk_and_the_card()
    {
        await using var shop = await PaidOrderAsync();

        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(StripeEvents.ChargeSucceeded(shop.OrderId, shop.Total, shop.PaymentIntent, "elevated", 67, "Xt5EWLLDS7FJjR1c", "US")));
        // The PaymentIntent's own event for the same money finds the order paid.
        Assert.Equal("already_paid", await shop.OutcomeAsync(StripeEvents.PaymentIntentSucceeded(shop.OrderId, shop.Total, paymentIntentId: shop.PaymentIntent)));

        var paid = Assert.Single(await shop.Payments.WaitForAsync(1));
        Assert.Equal((shop.PaymentIntent, shop.Total), (paid.ProviderPaymentId, paid.Amount));
        Assert.Equal(new PaymentRisk("Xt5EWLLDS7FJjR1c", "US", "elevated", 67), paid.Risk);
    }
}
