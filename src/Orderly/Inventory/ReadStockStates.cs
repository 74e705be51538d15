using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>Stock states of many products in one read (the storefront's product grids).</summary>
internal sealed class ReadStockStates(OrderlyDbContext db) : IStockStates
{
    public async Task<IReadOnlyDictionary<Guid, StockState>> GetStatesAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        var states = new Dictionary<Guid, StockState>(productIds.Count);
        if (productIds.Count == 0)
        {
            return states;
        }
        await foreach (var item in Items(db, [.. productIds]).WithCancellation(cancellationToken))
        {
            states[item.ProductId] = StateOf(item.Available, item.Unlimited, item.LowStockThreshold);
        }
        return states;
    }

    public static StockState StateOf(int available, bool unlimited, int lowStockThreshold) =>
        unlimited ? StockState.InStock
        : available <= 0 ? StockState.OutOfStock
        : available <= lowStockThreshold ? StockState.Low
        : StockState.InStock;

    private sealed record Row(Guid ProductId, int Available, bool Unlimited, int LowStockThreshold);

    /// <summary>
    /// Compiled once: every storefront grid asks this for its cards on every request (never cached,
    /// so stock is current), and building, parameterizing and looking up the LINQ tree per call cost
    /// more than the indexed read itself.
    /// </summary>
    private static readonly Func<OrderlyDbContext, Guid[], IAsyncEnumerable<Row>> Items =
        EF.CompileAsyncQuery((OrderlyDbContext db, Guid[] ids) =>
            db.Set<StockItem>().AsNoTracking()
                .Where(i => ids.Contains(i.ProductId))
                .Select(i => new Row(i.ProductId, i.Available, i.Unlimited, i.LowStockThreshold)));
}
