using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>Store credit: granted by an admin, spent at checkout in the order's transaction, given back on refund once.</summary>
public sealed class StoreCreditCheckoutTests
{
    private static async Task<JsonElement> WalletAsync(OrderlyApp app, string email) =>
        await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/customers/{Uri.EscapeDataString(email)}/wallet");

    private static async Task<long> BalanceAsync(OrderlyApp app, string email) =>
        (await WalletAsync(app, email)).GetProperty("balances").EnumerateArray().Where(b => b.GetProperty("currency").GetString() == "EUR")
            .Select(b => b.GetProperty("amount").GetInt64()).SingleOrDefault();

    private static Task<HttpResponseMessage> GrantAsync(OrderlyApp app, string email, long amount, string currency = "EUR") =>
        app.Admin().PostAsJsonAsync($"/api/admin/customers/{Uri.EscapeDataString(email)}/wallet/credits", new { amount, currency, reason = "goodwill for a late parcel" });

    private static async Task PublishRefundAsync(OrderlyApp app, Guid orderId, long amount, Guid refundId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(new OrderRefunded(orderId, amount, "EUR", "customer request", TimeProvider.System.GetUtcNow().UtcDateTime, refundId, null, Full: false));
        await scope.ServiceProvider.GetRequiredService<OrderlyDbContext>().SaveChangesAsync();
    }

    [Fact]
    public async Task Without_enough_credit_the_checkout_is_refused_with_402_and_nothing_changes()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-W0", 2, price: 1500);
        var email = NewEmail();
        await Json(await GrantAsync(app, email, 1000), HttpStatusCode.Created);

        var problem = await Refused(await CheckoutAsync(app, new { email, items = Items(("KEY-W0", 1)), paymentMethod = "wallet" }),
            HttpStatusCode.PaymentRequired, "checkout.insufficient_funds");
        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-W0", 1)), paymentMethod = "wallet" }),
            HttpStatusCode.PaymentRequired, "checkout.insufficient_funds");

        Assert.Equal((1000, 1500), (problem.GetProperty("balance").GetInt64(), problem.GetProperty("required").GetInt64()));
        Assert.Equal(0, await OrderCountAsync(app));
        Assert.Equal((2, 0, 0), await StockAsync(app, "KEY-W0"));
        Assert.Equal(1000, await BalanceAsync(app, email));
        Assert.Single((await WalletAsync(app, email)).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Credit_pays_the_order_at_once_it_is_delivered_and_each_refund_credits_back_once()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-W1", 2, price: 1500);
        var email = NewEmail();
        var granted = await Json(await GrantAsync(app, email, 5000), HttpStatusCode.Created);
        Assert.Equal(5000, granted.GetProperty("balance").GetInt64());

        var placed = await Json(await CheckoutAsync(app, new { email = email.ToUpperInvariant(), items = Items(("KEY-W1", 2)), paymentMethod = "wallet" }), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.True(placed.GetProperty("payment").GetProperty("paidAtOnce").GetBoolean());
        Assert.Equal(2000, await BalanceAsync(app, email));

        await app.WaitForOrderStatusAsync(orderId, "completed");
        await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20));
        var payment = await app.QueryAsync(db => db.Set<Orderly.Payments.Payment>().SingleAsync(p => p.OrderId == orderId));
        Assert.Equal(("wallet", 3000L), (payment.Provider, payment.Amount));
        var debit = (await WalletAsync(app, email)).GetProperty("entries").EnumerateArray().First(e => e.GetProperty("kind").GetString() == "debit");
        Assert.Equal((payment.ProviderPaymentId, -3000L, orderId), (debit.GetProperty("id").GetGuid().ToString(), debit.GetProperty("amount").GetInt64(), debit.GetProperty("orderId").GetGuid()));

        var firstRefund = Guid.NewGuid();
        await PublishRefundAsync(app, orderId, 1000, firstRefund);
        await PublishRefundAsync(app, orderId, 1000, firstRefund);
        await HandledAsync(app, "CreditBackRefundedOrder", 2);
        Assert.Equal(3000, await BalanceAsync(app, email));

        // A later refund of the rest is capped at what the order debited.
        await PublishRefundAsync(app, orderId, 5000, Guid.NewGuid());
        await HandledAsync(app, "CreditBackRefundedOrder", 3);
        var wallet = await WalletAsync(app, email);
        Assert.Equal(5000, await BalanceAsync(app, email));
        Assert.True(wallet.GetProperty("balanced").GetBoolean());
        Assert.Equal(["refund", "refund", "debit", "top_up"], wallet.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_grant_is_validated_and_audited()
    {
        await using var app = new OrderlyApp();
        var email = NewEmail();

        await Refused(await GrantAsync(app, email, 0), HttpStatusCode.BadRequest, "request.invalid");
        await Refused(await GrantAsync(app, "not-an-address", 100), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync($"/api/admin/customers/{email}/wallet/credits", new { amount = 100, currency = "EUR", reason = "x" }, TestContext.Current.CancellationToken)).StatusCode);
        await Json(await GrantAsync(app, email, 700, "USD"), HttpStatusCode.Created);

        Assert.Equal(0, await BalanceAsync(app, email));
        Assert.Equal(700, (await WalletAsync(app, email)).GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "USD").GetProperty("amount").GetInt64());
        var audit = await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().Where(e => e.Type == "StoreCreditGranted").ToListAsync());
        Assert.Contains("\"amount\":700", Assert.Single(audit).Data, StringComparison.Ordinal);
    }
}
