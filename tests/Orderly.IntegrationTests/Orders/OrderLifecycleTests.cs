using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Keys.Contracts;
using Orderly.Messaging;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;
using static Orderly.IntegrationTests.Orders.OrdersShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>The order state machine seen from outside: admin actions, payment failure, events from other modules, compensation.</summary>
public sealed class OrderLifecycleTests
{
    [Fact]
    public async Task Cancelling_an_unpaid_order_releases_its_stock_and_a_paid_one_must_be_refunded()
    {
        await using var app = Start();
        await ProductAsync(app, "CAN-1", keys: 3);
        var (unpaid, _) = await app.PlaceOrderAsync($"c-{Guid.NewGuid():N}@example.com", ("CAN-1", 2));
        Assert.Equal((1, 2, 0), await StockAsync(app, "CAN-1"));

        var cancelled = await JsonAsync(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{unpaid}/cancel", new { reason = "buyer changed their mind" }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal((3, 0, 0), await StockAsync(app, "CAN-1"));
        var order = await app.GetOrderAsync(unpaid);
        Assert.Contains(order.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("event").GetString() == "cancelled" && t.GetProperty("status").GetString() == "cancelled");
        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.MessageType == "orders.status_changed" && m.Payload.Contains(unpaid.ToString())), "the status change is published");

        var again = await app.Admin().PostAsJsonAsync($"/api/admin/orders/{unpaid}/cancel", new { }, TestContext.Current.CancellationToken);
        var problem = await JsonAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(("orders.illegal_transition", "cancelled", "cancelled"), (problem.GetProperty("code").GetString(), problem.GetProperty("from").GetString(), problem.GetProperty("to").GetString()));

        var (paid, _, _) = await BuyAsync(app, ("CAN-1", 1));
        await AssertProblemAsync(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{paid}/cancel", new { }, TestContext.Current.CancellationToken), HttpStatusCode.Conflict, "orders.paid_refund_instead");
        Assert.Equal("completed", (await app.GetOrderAsync(paid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_manual_order_is_marked_paid_once_and_other_methods_cannot_be()
    {
        await using var app = Start();
        await ProductAsync(app, "MAN-1", keys: 2);
        var (stripeOrder, _) = await app.PlaceOrderAsync($"s-{Guid.NewGuid():N}@example.com", ("MAN-1", 1));
        await AssertProblemAsync(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{stripeOrder}/mark-paid", new { }, TestContext.Current.CancellationToken), HttpStatusCode.Conflict, OrderErrors.NotManuallyPayable);

        var (manual, total) = await app.PlaceOrderAsync($"m-{Guid.NewGuid():N}@example.com", ("MAN-1", 1));
        // Checkout's method choice is not this suite's subject: the order is made a bank-transfer order directly.
        await app.QueryAsync(db => db.Set<Order>().Where(o => o.Id == manual).ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentMethod, PaymentMethods.Manual)));

        var marked = await JsonAsync(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{manual}/mark-paid", new { reference = "bank transfer 2026-11-23" }, TestContext.Current.CancellationToken), HttpStatusCode.Accepted);
        Assert.Equal(total, marked.GetProperty("amount").GetInt64());
        var order = await app.WaitForOrderStatusAsync(manual, "completed");
        Assert.Contains("payment_received", Events(order));
        await AssertProblemAsync(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{manual}/mark-paid", new { }, TestContext.Current.CancellationToken), HttpStatusCode.Conflict, OrderErrors.AlreadyPaid);
        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{manual}/audit", TestContext.Current.CancellationToken);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("type").GetString() == "OrderMarkedPaid");
    }

    [Fact]
    public async Task A_failed_payment_fails_the_order_returns_its_stock_and_asks_the_buyer_and_a_later_payment_still_counts()
    {
        await using var app = Start();
        await ProductAsync(app, "FAIL-1", keys: 2);
        var email = $"f-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("FAIL-1", 1));
        Assert.Equal((1, 1, 0), await StockAsync(app, "FAIL-1"));

        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentFailed(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "failed");
        Assert.Equal((2, 0, 0), await StockAsync(app, "FAIL-1"));
        var mail = await MailAsync(email, "Your payment did not go through");
        Assert.Contains($"http://orderly.test/api/orders/{orderId}", mail.HtmlBody, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        var order = await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal((1, 0, 1), await StockAsync(app, "FAIL-1"));
        Assert.Equal(["pending", "failed", "processing", "completed"],
            order.GetProperty("timeline").EnumerateArray().Where(t => t.GetProperty("status").ValueKind == JsonValueKind.String).Select(t => t.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Events_from_other_modules_move_the_order_when_the_table_allows_and_only_leave_a_note_when_not()
    {
        await using var app = Start();
        await ProductAsync(app, "EVT-1", keys: 2);
        var (pending, _) = await app.PlaceOrderAsync($"e-{Guid.NewGuid():N}@example.com", ("EVT-1", 1));
        await PublishAsync(app, new OrderCancelRequested(pending, "fraud_review", "rejected", TimeProvider.System.GetUtcNow().UtcDateTime));
        await app.WaitForOrderStatusAsync(pending, "cancelled");
        Assert.Equal((2, 0, 0), await StockAsync(app, "EVT-1"));

        // Resuming fulfillment of a cancelled order is not a move the table knows: a note, no change.
        await PublishAsync(app, new Orderly.Fulfillment.Contracts.FulfillmentResumed(pending, "stock arrived"));
        await app.WaitUntilAsync(db => db.Set<TimelineEntry>().AnyAsync(t => t.OrderId == pending && t.Event == "transition_refused"), "the refused move is noted");
        Assert.Equal("cancelled", (await app.GetOrderAsync(pending)).GetProperty("status").GetString());
        var shown = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/orders/{pending}", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("transition_refused", Events(shown));
        Assert.Contains("cancel_requested", Events(shown));

        var (paid, _, _) = await BuyAsync(app, ("EVT-1", 1));
        await PublishAsync(app, new OrderCancelRequested(paid, "woocommerce", "cancelled in the shop", TimeProvider.System.GetUtcNow().UtcDateTime));
        await app.WaitUntilAsync(db => db.Set<TimelineEntry>().AnyAsync(t => t.OrderId == paid && t.Event == "cancel_refused"), "the cancel request is noted");
        Assert.Equal("completed", (await app.GetOrderAsync(paid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Fulfillment_reported_before_the_payment_still_completes_the_order()
    {
        // On the broker each handler has its own queue: Orders may hear "fulfilled" before "paid".
        await using var app = Start();
        await ProductAsync(app, "EARLY-1", keys: 1);
        var placed = await JsonAsync(await app.CreateClient().PostAsJsonAsync("/api/checkout",
            new { email = "early@example.com", items = new[] { new { sku = "EARLY-1", quantity = 1 } } }, TestContext.Current.CancellationToken), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;

        await PublishAsync(app, new Orderly.Fulfillment.Contracts.OrderFulfilled(orderId, Guid.NewGuid(), "early@example.com", [], now));
        await app.WaitUntilAsync(db => db.Set<TimelineEntry>().AnyAsync(t => t.OrderId == orderId && t.Event == "fulfilled"), "the early fulfillment is recorded");
        Assert.Equal("pending", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());

        await PublishAsync(app, new Orderly.Payments.Contracts.PaymentSucceeded(orderId, "stripe", "pi_early", 1500, "EUR", "evt_early", now));
        var order = await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal(["pending", "processing", "completed"], order.GetProperty("timeline").EnumerateArray()
            .Select(t => t.GetProperty("status").GetString()).Where(st => st is not null));
    }

    [Fact]
    public async Task An_order_whose_fulfillment_keeps_failing_is_refunded_and_the_buyer_told()
    {
        var stripe = new StripeRefunds();
        await using var app = Start(stripe, new Dictionary<string, string?> { ["Messaging:MaxAttempts"] = "2" },
            services => services.AddScoped<IKeyAllocator, BrokenKeyAllocator>());
        await ProductAsync(app, "BROKEN-1", keys: 2);
        var email = $"d5-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("BROKEN-1", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));

        var order = await app.WaitForOrderStatusAsync(orderId, "refunded", TimeSpan.FromSeconds(40));
        Assert.Equal((orderId, total), stripe.Calls.Select(c => (c.OrderId, c.Amount)).Single());
        Assert.Contains("compensated", Events(order));
        var mail = await MailAsync(email, "Your refund");
        Assert.Contains("we could not deliver your order", mail.TextBody, StringComparison.Ordinal);
        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}/audit", TestContext.Current.CancellationToken);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("type").GetString() == "OrderCompensated");
        Assert.Equal((2, 0, 0), await StockAsync(app, "BROKEN-1"));
    }

    /// <summary>A key pool that always fails: fulfillment of its product can never succeed.</summary>
    private sealed class BrokenKeyAllocator : IKeyAllocator
    {
        public Task<IReadOnlyList<Guid>?> AllocateAsync(KeyRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the key pool is unreachable");
    }
}
