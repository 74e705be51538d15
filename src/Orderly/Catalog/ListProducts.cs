using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary><c>GET /api/products</c> (shoppers: published products only) and <c>GET /api/admin/products[/{sku}]</c> (all).</summary>
internal static class ListProducts
{
    public static Task<Ok<List<ProductResponse>>> PublishedAsync(OrderlyDbContext db, CancellationToken ct) =>
        ListAsync(db.Set<Product>().Where(p => p.Status == Contracts.ProductStatus.Published), ct);

    public static Task<Ok<List<ProductResponse>>> HandleAsync(OrderlyDbContext db, CancellationToken ct) => ListAsync(db.Set<Product>(), ct);

    private static async Task<Ok<List<ProductResponse>>> ListAsync(IQueryable<Product> products, CancellationToken ct)
    {
        var page = await products.AsNoTracking().OrderBy(p => p.Sku).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(page.Select(p => p.ToResponse()).ToList());
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetAsync(string sku, OrderlyDbContext db, CancellationToken ct)
    {
        var product = await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        return product is null
            ? Problems.NotFound(CatalogErrors.ProductNotFound, $"No product with SKU '{sku}'.")
            : TypedResults.Ok(product.ToResponse());
    }
}
