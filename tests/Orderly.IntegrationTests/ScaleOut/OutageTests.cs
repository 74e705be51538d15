using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;

namespace Orderly.IntegrationTests.ScaleOut;

/// <summary>The e-mail server goes away for two minutes while orders keep coming.</summary>
public sealed class OutageTests
{
    private static TimeSpan Outage => TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("ORDERLY_TEST_OUTAGE_SECONDS") ?? "120", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Deliveries_held_up_by_an_smtp_outage_all_complete_after_recovery_without_dead_letters_or_duplicates()
    {
        var ct = TestContext.Current.CancellationToken;
        using var smtp = new ControlledSmtpServer();
        await smtp.StartAsync();
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "none",
            ["Email:Smtp:Timeout"] = "00:00:05",
            // Production defaults (2 s base, 10 min cap, 10 attempts) ride out ~13 minutes on average;
            // a 10 s cap keeps this test short while 40 attempts still outlast the outage.
            ["Messaging:BackoffBase"] = "00:00:01",
            ["Messaging:BackoffCap"] = "00:00:10",
            ["Messaging:MaxAttempts"] = "40",
        });
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("OUT")).StatusCode);
        await app.ImportKeysAsync("OUT", Enumerable.Range(1, 60).Select(i => $"OUT-{i:D3}"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var orders = new List<Guid>();

        async Task OrderAndPayAsync(int i)
        {
            var (orderId, total) = await app.PlaceOrderAsync($"out-{run}-{i}@example.com", ("OUT", 1));
            Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
            orders.Add(orderId);
        }

        for (var i = 0; i < 10; i++)
        {
            await OrderAndPayAsync(i);
        }
        await smtp.Sink.WaitForMessagesAsync(m => m.To.Mailboxes.Any(a => a.Address.StartsWith($"out-{run}-", StringComparison.Ordinal)), 10, TimeSpan.FromSeconds(30));

        // Down: orders keep flowing through the outage.
        smtp.Stop();
        var outageStarted = TimeProvider.System.GetTimestamp();
        for (var i = 10; i < 50; i++)
        {
            await OrderAndPayAsync(i);
            await Task.Delay(Outage / 60, ct);
        }
        var remaining = Outage - TimeProvider.System.GetElapsedTime(outageStarted);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, ct);
        }
        var failedMeanwhile = await app.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Handler == "SendDeliveryEmail" && m.Status == OutboxStatus.Pending && m.Attempts > 0));
        Assert.True(failedMeanwhile > 0, "the outage was felt: some e-mail deliveries are waiting to be retried");

        // Back up: everything that waited is delivered, nothing is dead-lettered, nothing doubled.
        await smtp.StartAsync();
        var mails = await smtp.Sink.WaitForMessagesAsync(m => m.To.Mailboxes.Any(a => a.Address.StartsWith($"out-{run}-", StringComparison.Ordinal)), 50, TimeSpan.FromSeconds(60));
        Assert.Equal(50, mails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        foreach (var orderId in orders)
        {
            await app.WaitForOrderStatusAsync(orderId, "completed");
        }
        Assert.Equal(0, await app.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.DeadLettered)));
        var libraryPerOrder = await app.QueryAsync(db => db.Set<Orderly.Library.LibraryEntry>().GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(50, libraryPerOrder.Count);
        Assert.All(libraryPerOrder, n => Assert.Equal(1, n));
        Assert.Equal(50, await app.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.Kind == "delivery")));
    }
}
