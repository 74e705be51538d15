using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Fulfillment.Contracts;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.IntegrationTests.Orders;

/// <summary>
/// The payment and the fulfillment of one order are recorded by two deliveries (two handler queues)
/// that can run at the same moment on two instances. Neither may lose the other's change, and the
/// order must end completed whichever commits first (ADR 0030).
/// </summary>
public sealed class OrderProgressRaceTests
{
    private const int OrderCount = 50;

    [Fact]
    public Task Payment_and_fulfillment_recorded_at_once_on_two_instances_complete_every_order() =>
        RaceAsync(batchSize: 1, opposite: false);

    /// <summary>Each batch holds its orders' locks until it commits: two batches taking them in opposite order would deadlock unless the pipeline sorts them.</summary>
    [Fact]
    public Task Batches_touching_the_same_orders_in_opposite_order_complete_every_order_without_a_retry() =>
        RaceAsync(batchSize: 10, opposite: true);

    private static async Task RaceAsync(int batchSize, bool opposite)
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            // The test decides what runs when, on the database transport whichever pass this is.
            ["Messaging:DispatcherEnabled"] = "false",
            ["Messaging:Transport"] = "database",
            ["Messaging:ReleaseLeasesOnStart"] = "false",
        };
        try
        {
            await using var a = new OrderlyApp(settings, dataDir: dataDir);
            _ = a.Services;
            await using var b = new OrderlyApp(settings, dataDir: dataDir);
            _ = b.Services;
            await a.CreateProductAsync("RACE");
            await a.ImportKeysAsync("RACE", Enumerable.Range(1, OrderCount).Select(i => $"RACE-{i:D3}"));
            var orders = new Guid[OrderCount];
            await Parallel.ForEachAsync(Enumerable.Range(0, OrderCount), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, _) =>
                orders[i] = (await a.PlaceOrderAsync($"race-{i}@example.com", ("RACE", 1))).OrderId);

            await using (var scope = a.Services.CreateAsyncScope())
            {
                var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
                var at = TimeProvider.System.GetUtcNow().UtcDateTime;
                foreach (var (orderId, i) in orders.Select((o, i) => (o, i)))
                {
                    outbox.Enqueue(new PaymentSucceeded(orderId, "test", $"pay_{i}", 1500, "EUR", $"evt_{i}", at));
                    outbox.Enqueue(new OrderFulfilled(orderId, Guid.NewGuid(), $"race-{i}@example.com",
                        [new FulfilledLine(Guid.NewGuid(), Guid.NewGuid(), "RACE", "Product RACE", 1, [Guid.NewGuid()], null)], at));
                }
                await scope.ServiceProvider.GetRequiredService<Orderly.Persistence.OrderlyDbContext>().SaveChangesAsync(ct);
            }

            var payments = await DeliveriesAsync(a, WireNameAttribute.Of(typeof(PaymentSucceeded)), orders);
            var fulfillments = await DeliveriesAsync(b, WireNameAttribute.Of(typeof(OrderFulfilled)), orders);
            if (opposite)
            {
                fulfillments.Reverse();
            }
            var outcomes = await Task.WhenAll(
                Task.Run(() => RunAsync(a, payments, batchSize, ct), ct),
                Task.Run(() => RunAsync(b, fulfillments, batchSize, ct), ct));

            // A retried delivery is how an optimistic check shows the same race (a concurrent status
            // change caught at save); the lock makes the second writer wait instead.
            var retried = outcomes.SelectMany(o => o).Count(o => o != DeliveryOutcome.Handled);
            var stored = await a.QueryAsync(db => db.Set<Order>().AsNoTracking().Where(o => orders.Contains(o.Id)).ToListAsync(ct));
            var timeline = (await a.QueryAsync(db => db.Set<TimelineEntry>().AsNoTracking().Where(t => orders.Contains(t.OrderId)).ToListAsync(ct)))
                .ToLookup(t => t.OrderId);
            var wrong = stored
                .Where(o => o.Status != OrderStatus.Completed || o.PaidAt is null || o.FulfilledAt is null
                    || !timeline[o.Id].Any(t => t.Event == "payment_received")
                    || !timeline[o.Id].Any(t => t.Event == "fulfilled")
                    || timeline[o.Id].Count(t => t.Status == OrderStatus.Completed) != 1)
                .Select(o => $"{o.Id}: {o.Status}, paid {o.PaidAt is not null}, fulfilled {o.FulfilledAt is not null}, timeline {string.Join(" / ", timeline[o.Id].OrderBy(t => t.Id).Select(t => $"{t.Event} {t.Status}"))}")
                .ToList();
            Assert.Equal(OrderCount, stored.Count);
            Assert.True(wrong.Count == 0 && retried == 0,
                $"{retried} of {2 * OrderCount} deliveries were not handled at once; {wrong.Count} of {OrderCount} orders lost a change:\n{string.Join('\n', wrong)}");
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    /// <summary>The <see cref="RecordOrderProgress"/> deliveries of one message type, in the order of <paramref name="orders"/>.</summary>
    private static async Task<List<Orderly.Messaging.Delivery>> DeliveriesAsync(OrderlyApp app, string messageType, Guid[] orders)
    {
        var rows = await app.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == messageType && m.Handler == nameof(RecordOrderProgress)).ToListAsync());
        var byOrder = rows.ToDictionary(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("orderId").GetGuid());
        return orders.Select(o => byOrder[o]).Select(r =>
        {
            var id = r.Id;
            return new Orderly.Messaging.Delivery(r.MessageId, r.MessageType, r.Handler, r.Payload, 1, r.CreatedAt, null, m => m.Id == id);
        }).ToList();
    }

    private static async Task<List<DeliveryOutcome>> RunAsync(OrderlyApp app, List<Orderly.Messaging.Delivery> deliveries, int batchSize, CancellationToken ct)
    {
        var pipeline = app.Services.GetRequiredService<HandlerPipeline>();
        var outcomes = new List<DeliveryOutcome>();
        await Parallel.ForEachAsync(deliveries.Chunk(batchSize), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (chunk, token) =>
        {
            IReadOnlyList<DeliveryOutcome> result;
            if (chunk.Length == 1)
            {
                result = [await pipeline.RunAsync(chunk[0], token)];
            }
            else
            {
                result = await pipeline.RunBatchAsync(chunk, subset => subset.Select(d => d.Row).ToList(), token);
            }
            lock (outcomes)
            {
                outcomes.AddRange(result);
            }
        });
        return outcomes;
    }
}
