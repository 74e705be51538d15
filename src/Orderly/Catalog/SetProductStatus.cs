using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>Admin: publishes a product (shoppers see and buy it) or takes it back to draft. Audited; bumps UpdatedAt.</summary>
public static class SetProductStatus
{
    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, IAuditLog audit, TimeProvider time)
    {
        /// <summary>False when no product has that SKU.</summary>
        public async Task<bool> HandleAsync(string sku, ProductStatus status, string actor, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
            {
                return false;
            }
            if (product.Status != status)
            {
                product.Status = status;
                product.UpdatedAt = time.GetUtcNow().UtcDateTime;
                audit.Append(status == ProductStatus.Published ? "ProductPublished" : "ProductUnpublished", null, actor, new { product.Sku });
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return true;
        }
    }
}
