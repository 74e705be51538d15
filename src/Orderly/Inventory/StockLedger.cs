using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>
/// The database stock counter (embedded default). Each change is one conditional UPDATE whose
/// WHERE clause is the rule (<see cref="StockRules"/>): the database decides, so two buyers can
/// never both take the last unit, whatever the interleaving.
/// </summary>
internal sealed class StockLedger(OrderlyDbContext db, IOutbox outbox, TimeProvider time, IOptions<InventoryOptions> options) : IStockLedger
{
    private DbSet<StockItem> Items => db.Set<StockItem>();
    private DbSet<Reservation> Reservations => db.Set<Reservation>();

    public void Track(Guid productId, string sku, int lowStockThreshold, bool unlimited) =>
        Items.Add(new StockItem { ProductId = productId, Sku = sku, LowStockThreshold = lowStockThreshold, Unlimited = unlimited });

    /// <summary>
    /// Decides on one read without locking (<see cref="StockRules.Allocate"/>). The guarded
    /// UPDATEs in <see cref="ApplyReservationsAsync"/> are still the rule: if another writer took
    /// stock between the read and the UPDATE and the total no longer fits, the UPDATE matches
    /// nothing and the caller starts over. Oversell stays impossible; a conflict costs a round.
    /// </summary>
    public async Task<PreparedReservations> PrepareReservationsAsync(IReadOnlyList<StockOrder> orders, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var productIds = orders.SelectMany(o => o.Lines).Select(l => l.ProductId).Distinct().ToList();
        var counters = await Items.AsNoTracking().Where(i => productIds.Contains(i.ProductId))
            .ToDictionaryAsync(i => i.ProductId, i => new StockCounter(i.Available, i.Unlimited), cancellationToken);
        var decision = StockRules.Allocate(counters, orders.Select(o => o.Lines).ToList());
        var outcomes = new ReserveOutcome[orders.Count];
        for (var i = 0; i < orders.Count; i++)
        {
            var expiresAt = now + (orders[i].HoldFor ?? options.Value.ReservationTtl);
            outcomes[i] = decision.Refusals[i] ?? (ReserveOutcome)new ReserveOutcome.Reserved(expiresAt);
            if (decision.Refusals[i] is null)
            {
                AddReservations(orders[i], now, expiresAt);
            }
        }
        return new PreparedReservations(outcomes, decision.Taken);
    }

    public async Task<bool> ApplyReservationsAsync(PreparedReservations prepared, CancellationToken cancellationToken)
    {
        if (!await TakeAsync(prepared.TakenPerProduct, cancellationToken))
        {
            return false;
        }
        foreach (var productId in prepared.TakenPerProduct.Keys)
        {
            await RaiseAlertsAsync(productId, cancellationToken);
        }
        return true;
    }

    private async Task<bool> TakeAsync(IReadOnlyDictionary<Guid, int> taken, CancellationToken cancellationToken)
    {
        // Product-id order, as everywhere: row locks are always taken in the same order.
        foreach (var (productId, quantity) in taken.OrderBy(t => t.Key))
        {
            var updated = await Items
                .Where(s => s.ProductId == productId && (s.Unlimited || s.Available >= quantity))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Available, i => i.Unlimited ? i.Available : i.Available - quantity)
                    .SetProperty(i => i.Reserved, i => i.Reserved + quantity), cancellationToken);
            if (updated == 0)
            {
                return false;
            }
        }
        return true;
    }

    private void AddReservations(StockOrder order, DateTime now, DateTime expiresAt)
    {
        foreach (var line in StockRules.Normalize(order.Lines))
        {
            Reservations.Add(new Reservation
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                OrderId = order.OrderId,
                ProductId = line.ProductId,
                Quantity = line.Quantity,
                Status = ReservationStatus.Active,
                CreatedAt = now,
                ExpiresAt = expiresAt,
            });
        }
    }

    public async Task ReceiveAsync(Guid productId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        await Items.Where(s => s.ProductId == productId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Available, i => i.Available + quantity)
                .SetProperty(i => i.Received, i => i.Received + quantity), cancellationToken);
        await RearmAlertsAsync(productId, cancellationToken);
    }

    public async Task<bool> CommitReservationsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var active = await Reservations.AsNoTracking().Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Active).ToListAsync(cancellationToken);
        var committed = 0;
        foreach (var reservation in active)
        {
            // Closing the reservation and moving the counters happen in the caller's transaction;
            // the status guard makes a concurrent sweeper and a late payment mutually exclusive.
            var closed = await Reservations.Where(r => r.Id == reservation.Id && r.Status == ReservationStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Committed).SetProperty(r => r.ClosedAt, now), cancellationToken);
            if (closed == 0)
            {
                continue;
            }
            var quantity = reservation.Quantity;
            await Items.Where(i => i.ProductId == reservation.ProductId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Reserved, i => i.Reserved - quantity)
                    .SetProperty(i => i.Allocated, i => i.Allocated + quantity), cancellationToken);
            committed++;
        }
        return committed > 0;
    }

    public async Task<bool> AllocateAsync(Guid orderId, StockRequest line, CancellationToken cancellationToken)
    {
        var quantity = line.Quantity;
        var taken = await Items
            .Where(s => s.ProductId == line.ProductId && (s.Unlimited || s.Available >= quantity))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Available, i => i.Unlimited ? i.Available : i.Available - quantity)
                .SetProperty(i => i.Allocated, i => i.Allocated + quantity), cancellationToken);
        if (taken == 1)
        {
            await RaiseAlertsAsync(line.ProductId, cancellationToken);
        }
        return taken == 1;
    }

    public async Task<int> ReleaseReservationsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var active = await Reservations.AsNoTracking().Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Active).ToListAsync(cancellationToken);
        var released = 0;
        foreach (var reservation in active)
        {
            var closed = await Reservations.Where(r => r.Id == reservation.Id && r.Status == ReservationStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Released).SetProperty(r => r.ClosedAt, now), cancellationToken);
            if (closed == 0)
            {
                continue;
            }
            var quantity = reservation.Quantity;
            await Items.Where(i => i.ProductId == reservation.ProductId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Available, i => i.Unlimited ? i.Available : i.Available + quantity)
                    .SetProperty(i => i.Reserved, i => i.Reserved - quantity), cancellationToken);
            await RearmAlertsAsync(reservation.ProductId, cancellationToken);
            released++;
        }
        return released;
    }

    public Task<StockLevels?> GetLevelsAsync(Guid productId, CancellationToken cancellationToken) =>
        Items.AsNoTracking().Where(i => i.ProductId == productId)
            .Select(i => new StockLevels(i.Sku, i.Available, i.Reserved, i.Allocated, i.Received, i.Unlimited, i.LowStockThreshold))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Flags flip false → true exactly once per crossing: <see cref="StockRules"/> decides on one
    /// read, and the guarded UPDATE that flips the flag is the one that alerts (a concurrent
    /// writer that flipped it first wins; nobody alerts twice).
    /// </summary>
    private async Task RaiseAlertsAsync(Guid productId, CancellationToken cancellationToken)
    {
        var item = await Items.AsNoTracking().Where(i => i.ProductId == productId)
            .Select(i => new { i.Sku, i.Available, i.LowStockThreshold, i.LowAlerted, i.DepletedAlerted, i.Unlimited })
            .FirstAsync(cancellationToken);
        if (item.Unlimited)
        {
            return;
        }
        if (StockRules.ShouldAlertLow(item.Available, item.LowStockThreshold, item.LowAlerted)
            && await Items.Where(i => i.ProductId == productId && !i.LowAlerted)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LowAlerted, true), cancellationToken) == 1)
        {
            outbox.Enqueue(new StockLow(productId, item.Sku, item.Available, item.LowStockThreshold));
        }
        if (StockRules.ShouldAlertDepleted(item.Available, item.DepletedAlerted)
            && await Items.Where(i => i.ProductId == productId && !i.DepletedAlerted)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.DepletedAlerted, true), cancellationToken) == 1)
        {
            outbox.Enqueue(new StockDepleted(productId, item.Sku));
        }
    }

    private async Task RearmAlertsAsync(Guid productId, CancellationToken cancellationToken)
    {
        await Items.Where(i => i.ProductId == productId && i.LowAlerted && i.Available > i.LowStockThreshold)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LowAlerted, false), cancellationToken);
        await Items.Where(i => i.ProductId == productId && i.DepletedAlerted && i.Available > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DepletedAlerted, false), cancellationToken);
    }
}
