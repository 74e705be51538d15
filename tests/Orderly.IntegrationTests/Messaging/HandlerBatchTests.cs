using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Audit;
using Orderly.Audit.Contracts;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Messaging;

/// <summary>Orders whose <see cref="OrderPlaced"/> makes <see cref="ProbesTransactions"/> fail.</summary>
internal sealed class PoisonedOrders
{
    public HashSet<Guid> Ids { get; } = [];

    public ConcurrentDictionary<Guid, int> Calls { get; } = new();
}

/// <summary>Writes one audit entry per message naming the transaction it ran in, then fails for poisoned orders.</summary>
internal sealed class ProbesTransactions(OrderlyDbContext db, IAuditLog audit, PoisonedOrders poisoned) : IMessageHandler<OrderPlaced>
{
    public const string EntryType = "BatchProbe";

    public Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        poisoned.Calls.AddOrUpdate(message.OrderId, 1, (_, calls) => calls + 1);
        audit.Append(EntryType, message.OrderId, "test", new { transaction = db.Database.CurrentTransaction!.TransactionId });
        return poisoned.Ids.Contains(message.OrderId) ? throw new InvalidOperationException("poisoned order") : Task.CompletedTask;
    }
}

public sealed class HandlerBatchTests
{
    private static OrderlyApp App(PoisonedOrders poisoned) => new(
        new Dictionary<string, string?>
        {
            // Rounds are driven by the test, on the database transport whichever pass this is.
            ["Messaging:DispatcherEnabled"] = "false",
            ["Messaging:Transport"] = "database",
            ["Messaging:HandlerBatchSize"] = "64",
        },
        services => services.AddSingleton(poisoned).AddMessageHandler<OrderPlaced, ProbesTransactions>());

    private static async Task<List<Guid>> PlaceOrdersAsync(OrderlyApp app, string sku, int count)
    {
        await app.CreateProductAsync(sku);
        await app.ImportKeysAsync(sku, Enumerable.Range(1, count).Select(i => $"{sku}-{i}"));
        var orders = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            orders.Add((await app.PlaceOrderAsync($"batch-{i}-{Guid.NewGuid():N}@example.com", (sku, 1))).OrderId);
        }
        return orders;
    }

    private static Task<List<(Guid? OrderId, Guid Transaction)>> ProbesAsync(OrderlyApp app) =>
        app.QueryAsync(async db => (await db.Set<AuditEntry>().Where(e => e.Type == ProbesTransactions.EntryType).ToListAsync())
            .Select(e => (e.OrderId, JsonDocument.Parse(e.Data!).RootElement.GetProperty("transaction").GetGuid())).ToList());

    [Fact]
    public async Task Deliveries_of_one_round_share_a_transaction_and_a_failing_one_is_retried_alone_without_losing_or_repeating_the_others()
    {
        var poisoned = new PoisonedOrders();
        await using var app = App(poisoned);
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcherWorker>();

        var clean = await PlaceOrdersAsync(app, "BATCH-A", 6);
        await dispatcher.RunOnceAsync(ct);
        var probes = await ProbesAsync(app);
        Assert.Equal(clean.Order(), probes.Select(p => p.OrderId!.Value).Order());
        Assert.Single(probes.Select(p => p.Transaction).Distinct());

        var second = await PlaceOrdersAsync(app, "BATCH-B", 6);
        poisoned.Ids.Add(second[2]);
        await dispatcher.RunOnceAsync(ct);
        probes = (await ProbesAsync(app)).Where(p => second.Contains(p.OrderId!.Value)).ToList();
        // The failed shared attempt was rolled back: each healthy order's effects exist once, from
        // the batch that ran again without the poisoned delivery, whose write is gone with its failure.
        Assert.Equal(second.Where(o => o != second[2]).Order(), probes.Select(p => p.OrderId!.Value).Order());
        Assert.Single(probes.Select(p => p.Transaction).Distinct());

        var rows = await app.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Handler == nameof(ProbesTransactions)).ToListAsync());
        var failed = Assert.Single(rows, m => m.Status != OutboxStatus.Done);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("poisoned order", failed.LastError, StringComparison.Ordinal);
        // One attempt is one run of the failing handler, batch or not.
        Assert.Equal(1, poisoned.Calls[second[2]]);
        Assert.Equal(11, await app.QueryAsync(db => db.Set<InboxEntry>().CountAsync(i => i.Handler == nameof(ProbesTransactions))));

        // Once the cause is gone, the retry completes it like any other delivery.
        poisoned.Ids.Clear();
        await app.WaitUntilAsync(async db =>
        {
            await dispatcher.RunOnceAsync(ct);
            return await db.Set<OutboxMessage>().AllAsync(m => m.Handler != nameof(ProbesTransactions) || m.Status == OutboxStatus.Done);
        }, "the poisoned delivery completes on retry");
        Assert.Equal(12, (await ProbesAsync(app)).Count);
    }

    [Fact]
    public async Task A_batch_whose_rows_are_no_longer_leased_to_it_commits_nothing()
    {
        await using var app = App(new PoisonedOrders());
        var ct = TestContext.Current.CancellationToken;
        await PlaceOrdersAsync(app, "BATCH-LOST", 3);
        var rows = await app.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Handler == nameof(ProbesTransactions)).ToListAsync());
        Assert.Equal(3, rows.Count);

        // The lease these deliveries carry has been taken over by someone else (another token).
        var staleToken = Guid.NewGuid();
        var deliveries = rows.Select(r =>
        {
            var id = r.Id;
            return new Orderly.Messaging.Delivery(r.MessageId, r.MessageType, r.Handler, r.Payload, 1, r.CreatedAt, null, m => m.Id == id && m.LockToken == staleToken);
        }).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var outcomes = await app.Services.GetRequiredService<HandlerPipeline>()
            .RunBatchAsync(deliveries, _ => [m => ids.Contains(m.Id) && m.LockToken == staleToken], ct);

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Untracked, o));
        Assert.Empty(await ProbesAsync(app));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<InboxEntry>().CountAsync(i => i.Handler == nameof(ProbesTransactions))));
        Assert.All(await app.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync()),
            m => Assert.Equal((OutboxStatus.Pending, 0), (m.Status, m.Attempts)));
    }
}
