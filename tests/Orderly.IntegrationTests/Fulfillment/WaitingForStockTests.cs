using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orderly.Fulfillment;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Inventory;

namespace Orderly.IntegrationTests.Fulfillment;

/// <summary>
/// A paid order whose stock is gone waits with a notice to the buyer, and is delivered by itself as
/// soon as stock is there: at once on a key import, or on the retry worker's next round.
/// </summary>
public sealed class WaitingForStockTests
{
    private static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    /// <summary>Reservations expire after 200 ms, but only when the test runs the sweep.</summary>
    private static OrderlyApp App() => new(new Dictionary<string, string?>
    {
        ["Inventory:ReservationTtl"] = "00:00:00.200",
        ["Inventory:SweepInterval"] = "01:00:00",
    });

    /// <summary>
    /// The pool's only code is reserved by someone else when the slow buyer's money arrives (their
    /// own reservation expired before): the paid order waits for stock.
    /// </summary>
    private static async Task<(Guid OrderId, string Email)> PaidOrderWaitingForStockAsync(OrderlyApp app, string sku)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku)).StatusCode);
        await app.ImportKeysAsync(sku, [$"{sku}-FIRST"]);
        var email = $"slow-{Guid.NewGuid():N}@example.com";
        var (slow, total) = await app.PlaceOrderAsync(email, (sku, 1));
        await Task.Delay(300, ct);
        Assert.Equal(1, await app.Services.GetRequiredService<ReservationExpiryWorker>().RunOnceAsync(ct));
        await app.PlaceOrderAsync($"fast-{Guid.NewGuid():N}@example.com", (sku, 1));

        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(slow, total))).StatusCode);
        await app.WaitForOrderStatusAsync(slow, "awaiting_stock");

        var notice = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        Assert.Equal("Your order is paid: delivery follows when in stock", notice.Subject);
        Assert.Contains("We deliver as soon as the code is in stock", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Product {sku}", notice.HtmlBody, StringComparison.Ordinal);
        return (slow, email);
    }

    private static Task<int> SentAsync(OrderlyApp app, Guid orderId, string kind) =>
        app.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.OrderId == orderId && e.Kind == kind));

    [Fact]
    public async Task A_paid_order_without_stock_gets_one_waiting_notice_and_is_delivered_by_itself_when_keys_are_imported()
    {
        await using var app = App();
        var (orderId, email) = await PaidOrderWaitingForStockAsync(app, "WAIT-1");

        await app.ImportKeysAsync("WAIT-1", ["WAIT-1-SECOND"]);

        await app.WaitForOrderStatusAsync(orderId, "completed");
        var delivery = await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == "Your order is ready", 1, TimeSpan.FromSeconds(20));
        // Stock is counted, codes are not held per order: the buyer gets one of the two pool codes.
        Assert.Single(new[] { "WAIT-1-FIRST", "WAIT-1-SECOND" }, code => delivery.Single().HtmlBody!.Contains(code, StringComparison.Ordinal));
        Assert.Equal(1, await SentAsync(app, orderId, "awaiting_stock"));
        Assert.Equal(2, (await Sink.MessagesToAsync(email)).Count);
        var job = await app.QueryAsync(db => db.Set<FulfillmentJob>().SingleAsync(j => j.OrderId == orderId));
        Assert.Equal((null, null), (job.AwaitingProductId, job.BlockedReason));
    }

    [Fact]
    public async Task Stock_coming_back_without_an_import_is_picked_up_by_the_retry_worker_after_its_interval()
    {
        await using var app = App();
        var ct = TestContext.Current.CancellationToken;
        var (orderId, email) = await PaidOrderWaitingForStockAsync(app, "WAIT-2");
        var since = await app.QueryAsync(db => db.Set<FulfillmentJob>().Where(j => j.OrderId == orderId).Select(j => j.AwaitingSince).SingleAsync());
        Assert.NotNull(since);

        // The other buyer never pays: their reservation expires and the code is on sale again.
        await Task.Delay(300, ct);
        Assert.Equal(1, await app.Services.GetRequiredService<ReservationExpiryWorker>().RunOnceAsync(ct));

        async Task<int> RetryAtAsync(DateTime at)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var clock = new FakeTimeProvider(new DateTimeOffset(at, TimeSpan.Zero));
            return await ActivatorUtilities.CreateInstance<RetryAwaitingStockHandler>(scope.ServiceProvider, (TimeProvider)clock).HandleAsync(ct);
        }

        Assert.Equal(0, await RetryAtAsync(since.Value.AddMinutes(4)));
        Assert.Equal(1, await RetryAtAsync(since.Value.AddMinutes(5)));
        Assert.Equal(0, await RetryAtAsync(since.Value.AddMinutes(10)));

        await app.WaitForOrderStatusAsync(orderId, "completed");
        var delivery = await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == "Your order is ready", 1, TimeSpan.FromSeconds(20));
        Assert.Contains("WAIT-2-FIRST", delivery.Single().HtmlBody, StringComparison.Ordinal);
        Assert.Equal(1, await SentAsync(app, orderId, "awaiting_stock"));
    }
}
