using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.IntegrationTests.Licensing;
using Orderly.Keys;
using Orderly.Orders;
using Orderly.Payments.Contracts;
using static Orderly.IntegrationTests.Orders.OrdersShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>A4: refunds through the payment's provider take back what the refunded units gave: codes, licenses, library access.</summary>
public sealed class RefundTests
{
    [Fact]
    public async Task A_full_refund_burns_seen_codes_returns_unseen_ones_revokes_licenses_and_the_library_and_tells_the_buyer()
    {
        var stripe = new StripeRefunds();
        await using var app = Start(stripe);
        var ct = TestContext.Current.CancellationToken;
        await ProductAsync(app, "LIC-R", keys: 3);
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().PutAsJsonAsync("/api/admin/products/LIC-R/licensing", new { plan = "yearly", activationLimit = 2 }, ct)).StatusCode);
        var (orderId, total, email) = await BuyAsync(app, ("LIC-R", 2));
        await LicensedShop.WaitForLicenseAsync(app, orderId);
        var codes = await app.QueryAsync(db => db.Set<LicenseKey>().Where(k => k.OrderId == orderId).OrderBy(k => k.Id).Select(k => k.Id).ToListAsync());
        var mail = await MailAsync(email, "Your order is ready");
        var seenCode = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"LIC-R-[0-9A-F]{32}-\d").Value;
        // The e-mail showed both codes; as if one had never been sent (its e-mail bounced before sending), it was never seen.
        await app.QueryAsync(db => db.Set<LicenseKey>().Where(k => k.Id == codes[1]).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevealedAt, (DateTime?)null)));
        Assert.Equal((1, 0, 2), await StockAsync(app, "LIC-R"));
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(app.CreateClient(), seenCode, domain: "shop.example.com")).StatusCode);
        await LicensedShop.LeaseAsync(app.CreateClient(), seenCode, "shop.example.com");

        var accepted = await JsonAsync(await RefundAsync(app, orderId, new { reason = "customer request" }), HttpStatusCode.Accepted);
        Assert.Equal(total, accepted.GetProperty("amount").GetInt64());

        var order = await app.WaitForOrderStatusAsync(orderId, "refunded");
        Assert.Equal((orderId, total), stripe.Calls.Select(c => (c.OrderId, c.Amount)).Single());
        var keys = await app.QueryAsync(db => db.Set<LicenseKey>().Where(k => codes.Contains(k.Id)).OrderBy(k => k.Id).Select(k => new { k.Status, k.OrderId }).ToListAsync());
        Assert.Equal(KeyStatus.Revoked, keys[0].Status);
        Assert.Equal((KeyStatus.Available, (Guid?)null), (keys[1].Status, keys[1].OrderId));
        Assert.Equal((2, 0, 1), await StockAsync(app, "LIC-R"));

        var validation = await LicensedShop.ValidateAsync(app.CreateClient(), seenCode, domain: "shop.example.com");
        Assert.Equal("licensing.license_revoked", await LicensedShop.CodeAsync(validation));

        var library = await LibraryAsync(app, email);
        Assert.Equal(2, library.GetArrayLength());
        Assert.All(library.EnumerateArray(), item => Assert.True(item.GetProperty("revoked").GetBoolean()));
        Assert.All(library.EnumerateArray(), item => Assert.Equal(JsonValueKind.Null, item.GetProperty("code").ValueKind));

        var refundMail = await MailAsync(email, "Your refund");
        Assert.Contains("customer request", refundMail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://orderly.test/api/orders/{orderId}", refundMail.TextBody, StringComparison.Ordinal);

        var refund = order.GetProperty("refunds").EnumerateArray().Single();
        Assert.Equal(("applied", total), (refund.GetProperty("outcome").GetString(), refund.GetProperty("amount").GetProperty("amount").GetInt64()));
        Assert.Equal(total, order.GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Contains(order.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("event").GetString() == "refunded" && t.GetProperty("status").GetString() == "refunded");
        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}/audit", ct);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("type").GetString() == "OrderRefunded");
    }

    [Fact]
    public async Task A_refunded_file_can_no_longer_be_downloaded()
    {
        await using var app = Start(new StripeRefunds());
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("BOOK-R", delivery: "file", keySource: null)).StatusCode);
        using (var file = new ByteArrayContent("the e-book"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Admin().PutAsync("/api/admin/products/BOOK-R/file?name=book.txt", file, ct)).StatusCode);
        }
        var (orderId, _, email) = await BuyAsync(app, ("BOOK-R", 1));
        var mail = await MailAsync(email, "Your order is ready");
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.HtmlBody ?? "", @"http://orderly\.test/downloads/[A-Za-z0-9_\-\.]+").Value);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(link.PathAndQuery, ct)).StatusCode);

        await JsonAsync(await RefundAsync(app, orderId, new { reason = "not as described" }), HttpStatusCode.Accepted);
        await app.WaitForOrderStatusAsync(orderId, "refunded");

        await AssertProblemAsync(await app.CreateClient().GetAsync(link.PathAndQuery, ct), HttpStatusCode.Gone, "library.access_revoked");
        var item = (await LibraryAsync(app, email)).EnumerateArray().Single();
        Assert.True(item.GetProperty("revoked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("downloadUrl").ValueKind);
    }

    [Fact]
    public async Task A_product_that_burns_refunded_codes_never_returns_them_to_the_pool()
    {
        await using var app = Start(new StripeRefunds());
        await ProductAsync(app, "BURN-1", keys: 2);
        var policy = await JsonAsync(await app.Admin().PutAsJsonAsync("/api/admin/products/BURN-1/refund-policy", new { returnUnrevealedCodes = false }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.False(policy.GetProperty("returnUnrevealedCodes").GetBoolean());
        var (orderId, _, _) = await BuyAsync(app, ("BURN-1", 1));
        await app.QueryAsync(db => db.Set<LicenseKey>().Where(k => k.OrderId == orderId).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevealedAt, (DateTime?)null)));

        await JsonAsync(await RefundAsync(app, orderId, new { reason = "wrong product" }), HttpStatusCode.Accepted);
        await app.WaitForOrderStatusAsync(orderId, "refunded");

        Assert.Equal([KeyStatus.Available, KeyStatus.Revoked], (await KeyStatusesAsync(app, "BURN-1")).Order());
        Assert.Equal((1, 0, 1), await StockAsync(app, "BURN-1"));
        await AssertProblemAsync(await app.Admin().PutAsJsonAsync("/api/admin/products/BURN-1/refund-policy", new { }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task A_partial_refund_of_one_line_of_two_touches_only_that_line()
    {
        await using var app = Start(new StripeRefunds());
        await ProductAsync(app, "PART-A", keys: 2, price: 1000);
        await ProductAsync(app, "PART-B", keys: 1, price: 2500);
        var (orderId, _, email) = await BuyAsync(app, ("PART-A", 2), ("PART-B", 1));
        var lineA = LineOf(await app.GetOrderAsync(orderId), "PART-A");

        var accepted = await JsonAsync(await RefundAsync(app, orderId, new { reason = "one copy too many", lines = new[] { new { orderLineId = lineA, quantity = 1 } } }), HttpStatusCode.Accepted);
        Assert.Equal(1000, accepted.GetProperty("amount").GetInt64());

        var order = await app.WaitForOrderStatusAsync(orderId, "partially_refunded");
        Assert.Equal([1, 0], order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("refundedQuantity").GetInt32()));
        Assert.Equal([KeyStatus.Allocated, KeyStatus.Revoked], (await KeyStatusesAsync(app, "PART-A")).Order());
        Assert.Equal([KeyStatus.Allocated], await KeyStatusesAsync(app, "PART-B"));
        var library = await LibraryAsync(app, email);
        Assert.Equal([("PART-A", false), ("PART-A", true), ("PART-B", false)],
            library.EnumerateArray().Select(i => (i.GetProperty("sku").GetString(), i.GetProperty("revoked").GetBoolean())).Order());

        // The rest: everything left, no lines named.
        await JsonAsync(await RefundAsync(app, orderId, new { reason = "the rest" }), HttpStatusCode.Accepted);
        await app.WaitForOrderStatusAsync(orderId, "refunded");
        Assert.DoesNotContain(KeyStatus.Allocated, await KeyStatusesAsync(app, "PART-A"));
        Assert.DoesNotContain(KeyStatus.Allocated, await KeyStatusesAsync(app, "PART-B"));
        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "again" }), HttpStatusCode.Conflict, "orders.nothing_left_to_refund");
    }

    [Fact]
    public async Task The_same_refund_reported_twice_is_applied_once()
    {
        await using var app = Start(new StripeRefunds());
        await ProductAsync(app, "TWICE-1", keys: 2);
        var (orderId, total, _) = await BuyAsync(app, ("TWICE-1", 2));
        var accepted = await JsonAsync(await RefundAsync(app, orderId, new { reason = "duplicate order", amount = 1500 }), HttpStatusCode.Accepted);
        var providerRefundId = accepted.GetProperty("providerRefundId").GetString()!;
        await app.WaitForOrderStatusAsync(orderId, "partially_refunded");

        // Stripe's charge.refunded webhook reports the same refund (no lines: the amount tells).
        await PublishAsync(app, new PaymentRefunded(orderId, "stripe", providerRefundId, 1500, "EUR", null, "duplicate order", TimeProvider.System.GetUtcNow().UtcDateTime));
        await WaitIdleAsync(app, "payments.payment_refunded");
        await WaitIdleAsync(app, "orders.order_refunded");

        var order = await app.GetOrderAsync(orderId);
        Assert.Equal("partially_refunded", order.GetProperty("status").GetString());
        Assert.Single(order.GetProperty("refunds").EnumerateArray());
        Assert.Equal(1500, order.GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Single(Events(order), e => e == "refunded");
        Assert.Equal(1, (await KeyStatusesAsync(app, "TWICE-1")).Count(s => s != KeyStatus.Allocated));
        Assert.Equal(1, await app.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.OrderId == orderId && e.Kind == "refund")));
        Assert.True(total > 1500);
    }

    [Fact]
    public async Task A_refund_amount_that_matches_no_whole_units_puts_the_order_on_hold_and_revokes_nothing()
    {
        await using var app = Start(new StripeRefunds());
        await ProductAsync(app, "ODD-1", keys: 2);
        var (orderId, _, _) = await BuyAsync(app, ("ODD-1", 2));

        await JsonAsync(await RefundAsync(app, orderId, new { reason = "goodwill", amount = 700 }), HttpStatusCode.Accepted);

        var order = await app.WaitForOrderStatusAsync(orderId, "on_hold");
        Assert.Equal("unmatched", order.GetProperty("refunds")[0].GetProperty("outcome").GetString());
        Assert.Contains("refund_unmatched", Events(order));
        Assert.All(await KeyStatusesAsync(app, "ODD-1"), s => Assert.Equal(KeyStatus.Allocated, s));
    }

    [Fact]
    public async Task Bad_refund_requests_are_refused_with_a_code_and_change_nothing()
    {
        await using var app = Start();
        await ProductAsync(app, "BAD-1", keys: 3);
        var (orderId, total, _) = await BuyAsync(app, ("BAD-1", 2));
        var line = LineOf(await app.GetOrderAsync(orderId), "BAD-1");

        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "x", lines = new[] { new { orderLineId = Guid.NewGuid(), quantity = 1 } } }), HttpStatusCode.BadRequest, "request.invalid");
        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "x", lines = new[] { new { orderLineId = line, quantity = 3 } } }), HttpStatusCode.BadRequest, "request.invalid");
        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "", amount = 100 }), HttpStatusCode.BadRequest, "request.invalid");
        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "x", amount = total + 1 }), HttpStatusCode.Conflict, "orders.refund_too_large");
        // No gateway for Stripe in this app: the provider step fails, and nothing is applied.
        await AssertProblemAsync(await RefundAsync(app, orderId, new { reason = "x" }), HttpStatusCode.BadGateway, OrderErrors.RefundFailed);
        await AssertProblemAsync(await RefundAsync(app, Guid.NewGuid(), new { reason = "x" }), HttpStatusCode.NotFound, OrderErrors.OrderNotFound);

        var (unpaid, _) = await app.PlaceOrderAsync($"u-{Guid.NewGuid():N}@example.com", ("BAD-1", 1));
        await AssertProblemAsync(await RefundAsync(app, unpaid, new { reason = "x" }), HttpStatusCode.Conflict, OrderErrors.NotPaid);

        var order = await app.GetOrderAsync(orderId);
        Assert.Equal("completed", order.GetProperty("status").GetString());
        Assert.Empty(order.GetProperty("refunds").EnumerateArray());
        Assert.All(await app.QueryAsync(db => db.Set<LicenseKey>().Where(k => k.OrderId == orderId).Select(k => k.Status).ToListAsync()), s => Assert.Equal(KeyStatus.Allocated, s));
    }

    [Fact]
    public async Task A_refunded_reseller_order_credits_the_wallet_exactly_once_also_in_parts()
    {
        await using var app = await Reseller.ResellerShop.StartAsync("RS-RF", keys: 2);
        var merchant = await Reseller.ResellerShop.MerchantAsync(app, topUpMinor: 10_000);
        var placed = await Reseller.ResellerShop.Json(await Reseller.ResellerShop.OrderAsync(app, Reseller.ResellerShop.Body(merchant.Key, "RS-RF", 15m, quantity: 2)), HttpStatusCode.Created);
        var orderId = placed.GetProperty("order_id").GetGuid();
        await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal(7_000, await Reseller.ResellerShop.BalanceAsync(app, merchant.MerchantId));

        // Through the reseller wallet's own gateway: one unit, then the rest.
        await JsonAsync(await RefundAsync(app, orderId, new { reason = "one unit", amount = 1500 }), HttpStatusCode.Accepted);
        await app.WaitForOrderStatusAsync(orderId, "partially_refunded");
        await WaitForCreditsAsync(app, 1);
        Assert.Equal(8_500, await Reseller.ResellerShop.BalanceAsync(app, merchant.MerchantId));

        await JsonAsync(await RefundAsync(app, orderId, new { reason = "the rest" }), HttpStatusCode.Accepted);
        await app.WaitForOrderStatusAsync(orderId, "refunded");
        await WaitForCreditsAsync(app, 2);
        await WaitIdleAsync(app, "orders.order_refunded");
        var wallet = await Reseller.ResellerShop.WalletAsync(app, merchant.MerchantId);
        Assert.Equal(10_000, wallet.GetProperty("balanceMinor").GetInt64());
        Assert.Equal(2, wallet.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "refund"));
    }

    private static Task WaitForCreditsAsync(OrderlyApp app, int count) =>
        app.WaitUntilAsync(async db => await db.Set<Orderly.Reseller.LedgerTransaction>().CountAsync(t => t.Kind == Orderly.Reseller.LedgerEntryKind.Refund) >= count, $"{count} refund credit(s)");
}
