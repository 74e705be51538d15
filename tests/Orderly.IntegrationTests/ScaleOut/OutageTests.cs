using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using RabbitMQ.Client;

namespace Orderly.IntegrationTests.ScaleOut;

/// <summary>The e-mail server goes away for two minutes and RabbitMQ restarts while orders keep coming.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class OutageTests
{
    private static TimeSpan Outage => TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("ORDERLY_TEST_OUTAGE_SECONDS") ?? "120", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Deliveries_held_up_by_an_smtp_outage_and_a_broker_restart_all_complete_after_recovery_without_dead_letters_or_duplicates()
    {
        var ct = TestContext.Current.CancellationToken;
        var exchange = $"orderly.test.{Guid.NewGuid():N}";
        var queue = $"orderly.test.outage.{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMqControl.Url) };
        await using (var setup = await factory.CreateConnectionAsync(ct))
        await using (var channel = await setup.CreateChannelAsync(cancellationToken: ct))
        {
            // Durable, so it outlives the broker restart and keeps what was published before it.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
            await channel.QueueBindAsync(queue, exchange, "fulfillment.order_fulfilled", cancellationToken: ct);
        }
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
            ["ConnectionStrings:RabbitMq"] = RabbitMqControl.Url,
            ["RabbitMq:Exchange"] = exchange,
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

        // Down: orders keep flowing through the outage; halfway through, the broker restarts.
        smtp.Stop();
        var outageStarted = TimeProvider.System.GetTimestamp();
        for (var i = 10; i < 50; i++)
        {
            if (i == 20)
            {
                await RabbitMqControl.StopAsync();
            }
            if (i == 30)
            {
                await RabbitMqControl.StartAsync();
            }
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

        // Every order's fulfilled event reached the broker, the restart notwithstanding (at least once).
        await app.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.Status != OutboxStatus.Done), "every outbox row is done", TimeSpan.FromSeconds(60));
        await using var reader = await factory.CreateConnectionAsync(ct);
        await using var readChannel = await reader.CreateChannelAsync(cancellationToken: ct);
        var fulfilled = new HashSet<Guid>();
        while (await readChannel.BasicGetAsync(queue, autoAck: true, ct) is { } message)
        {
            fulfilled.Add(System.Text.Json.JsonDocument.Parse(message.Body).RootElement.GetProperty("orderId").GetGuid());
        }
        Assert.True(orders.All(fulfilled.Contains), $"{orders.Count(o => !fulfilled.Contains(o))} orders' events did not reach the broker");
        await readChannel.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        await readChannel.ExchangeDeleteAsync(exchange, cancellationToken: CancellationToken.None);
    }
}
