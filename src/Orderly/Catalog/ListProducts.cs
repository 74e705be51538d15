using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary><c>GET /api/products</c> (shoppers: published products only) and <c>GET /api/admin/products[/{sku}]</c> (all).</summary>
internal static class ListProducts
{
    public static async Task<Ok<List<ProductResponse>>> PublishedAsync(OrderlyDbContext db, CancellationToken ct)
    {
        var products = await db.Set<Product>().AsNoTracking().Where(p => p.Status == Contracts.ProductStatus.Published)
            .OrderBy(p => p.Sku).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(products.Select(p => p.ToResponse()).ToList());
    }

    public static async Task<Ok<List<ProductResponse>>> HandleAsync(OrderlyDbContext db, CancellationToken ct)
    {
        var products = await db.Set<Product>().AsNoTracking().OrderBy(p => p.Sku).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(products.Select(p => p.ToResponse()).ToList());
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetAsync(string sku, OrderlyDbContext db, CancellationToken ct)
    {
        var product = await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        return product is null
            ? Problems.NotFound(CatalogErrors.ProductNotFound, $"No product with SKU '{sku}'.")
            : TypedResults.Ok(product.ToResponse());
    }
}
