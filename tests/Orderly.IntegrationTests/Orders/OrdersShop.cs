using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Keys;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Orders;

/// <summary>Paid orders to refund, cancel and fail, and what the tests look at afterwards.</summary>
internal static class OrdersShop
{
    public static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    /// <summary>
    /// Stands in for Stripe's refund gateway (its own tests simulate the Stripe API): Orders only
    /// needs a provider that accepts and names the refund, and the calls it received.
    /// </summary>
    public sealed class StripeRefunds : IRefundGateway
    {
        public ConcurrentQueue<(Guid OrderId, long Amount, string Reason, IReadOnlyList<Guid> Lines)> Calls { get; } = new();

        public string Provider => "stripe";

        public Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
        {
            Calls.Enqueue((payment.OrderId, amount, reason, orderLineIds));
            return Task.FromResult(new GatewayRefund(true, $"re_{Guid.NewGuid():N}", null));
        }
    }

    public static OrderlyApp Start(StripeRefunds? gateway = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings, s =>
        {
            if (gateway is not null)
            {
                s.AddSingleton<IRefundGateway>(gateway);
            }
            services?.Invoke(s);
        });

    public static async Task ProductAsync(OrderlyApp app, string sku, int keys, long price = 1500)
    {
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku, price: price)).StatusCode);
        await app.ImportKeysAsync(sku, Enumerable.Range(1, keys).Select(i => $"{sku}-{Guid.NewGuid():N}-{i}".ToUpperInvariant()));
    }

    /// <summary>Places and pays (Stripe webhook) an order, and waits until it is completed and its delivery e-mail recorded.</summary>
    public static async Task<(Guid OrderId, long Total, string Email)> BuyAsync(OrderlyApp app, params (string Sku, int Quantity)[] items)
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, items);
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
        await app.WaitUntilAsync(db => db.Set<Orderly.Delivery.SentEmail>().AnyAsync(e => e.OrderId == orderId && e.Kind == "delivery"), "the codes are e-mailed");
        return (orderId, total, email);
    }

    public static Task<HttpResponseMessage> RefundAsync(OrderlyApp app, Guid orderId, object body) =>
        app.Admin().PostAsJsonAsync($"/api/admin/orders/{orderId}/refunds", body);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    public static Task<List<KeyStatus>> KeyStatusesAsync(OrderlyApp app, string sku) =>
        app.QueryAsync(db => (
            from k in db.Set<LicenseKey>()
            join p in db.Set<Orderly.Catalog.Product>() on k.ProductId equals p.Id
            where p.Sku == sku
            orderby k.Id
            select k.Status).ToListAsync());

    public static Guid LineOf(JsonElement order, string sku) =>
        order.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("sku").GetString() == sku).GetProperty("id").GetGuid();

    public static List<string?> Events(JsonElement order) =>
        order.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()).ToList();

    public static async Task<(int Available, int Reserved, int Allocated)> StockAsync(OrderlyApp app, string sku)
    {
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/products/{sku}/stock");
        return (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32());
    }

    /// <summary>The buyer's library, through the signed link of the delivery e-mail.</summary>
    public static async Task<JsonElement> LibraryAsync(OrderlyApp app, string email)
    {
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == "Your order is ready", 1, TimeSpan.FromSeconds(20))).Single();
        var link = System.Text.RegularExpressions.Regex.Match(mail.HtmlBody ?? "", @"http://orderly\.test/library\?token=[A-Za-z0-9_\-\.]+").Value;
        return await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/library{new Uri(link).Query}");
    }

    public static async Task<MimeMessage> MailAsync(string email, string subject) =>
        (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == subject, 1, TimeSpan.FromSeconds(20))).Single();

    /// <summary>Publishes an event as the module that owns it would (a provider's webhook, shipping, fraud review).</summary>
    public static async Task PublishAsync<T>(OrderlyApp app, T message) where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(message);
        await scope.ServiceProvider.GetRequiredService<OrderlyDbContext>().SaveChangesAsync();
    }

    public static Task WaitIdleAsync(OrderlyApp app, string messageType) =>
        // Relayed: on its way through RabbitMQ, not handled yet.
        app.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.MessageType == messageType && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Relayed)),
            $"every {messageType} is handled");
}
