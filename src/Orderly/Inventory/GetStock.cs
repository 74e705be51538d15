using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary><c>GET /api/admin/products/{sku}/stock</c>: the counters of one product.</summary>
internal static class GetStock
{
    public sealed record StockResponse(string Sku, int? Available, int Reserved, int Allocated, int Received, bool Unlimited, int LowStockThreshold);

    public static async Task<Results<Ok<StockResponse>, ProblemHttpResult>> HandleAsync(string sku, OrderlyDbContext db, CancellationToken ct)
    {
        var item = await db.Set<StockItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Sku == sku, ct);
        return item is null
            ? Problems.NotFound("catalog.product_not_found", $"No product with SKU '{sku}'.")
            : TypedResults.Ok(new StockResponse(item.Sku, item.Unlimited ? null : item.Available, item.Reserved, item.Allocated, item.Received, item.Unlimited, item.LowStockThreshold));
    }
}

/// <summary><c>POST /api/admin/products/{sku}/stock/receive</c>: physical goods arrived.</summary>
internal static class ReceiveStock
{
    public sealed record ReceiveStockRequest(int Quantity);

    public static async Task<Results<Ok<GetStock.StockResponse>, ProblemHttpResult>> HandleAsync(
        string sku, ReceiveStockRequest request, OrderlyDbContext db, Contracts.IStockLedger ledger, Catalog.Contracts.IProductCatalog catalog, IAdminActionLog adminLog, CancellationToken ct)
    {
        if (request.Quantity is <= 0 or > 1_000_000)
        {
            return Problems.Validation([new ValidationError("quantity", "must be between 1 and 1000000.")]);
        }
        var item = await db.Set<StockItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Sku == sku, ct);
        if (item is null)
        {
            return Problems.NotFound("catalog.product_not_found", $"No product with SKU '{sku}'.");
        }
        if (item.Unlimited)
        {
            return Problems.Conflict("inventory.unlimited_stock", "Generated codes have no stock to receive.");
        }
        if (await catalog.FindBySkuAsync(sku, ct) is { Kind: Catalog.Contracts.ProductKind.Digital })
        {
            return Problems.Conflict("inventory.stock_comes_from_keys", "A key product's stock is its key pool: import keys instead (POST /api/admin/products/{sku}/keys).");
        }
        await using var transaction = await db.BeginWriteAsync(ct);
        await ledger.ReceiveAsync(item.ProductId, request.Quantity, ct);
        adminLog.Record("StockReceived", null, new { sku, request.Quantity });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await GetStock.HandleAsync(sku, db, ct);
    }
}
