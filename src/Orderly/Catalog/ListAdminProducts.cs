using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The admin product list: every product (drafts too), searched by SKU or name, filtered by status and category, paged.</summary>
public static class ListAdminProducts
{
    public const int PageSize = 50;

    public sealed record Query(string? Search = null, ProductStatus? Status = null, Guid? CategoryId = null, int Page = 1);

    public sealed record Row(string Sku, string Name, ProductStatus Status, Money Price, string? Category, bool Featured, DateTime UpdatedAt);

    public sealed record Result(IReadOnlyList<Row> Rows, int Total, int Page, int PageCount);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct)
        {
            var tree = await CategoryTree.LoadAsync(db, ct);
            var products = db.Set<Product>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim().ToLowerInvariant();
                // ToLower + Contains translates to SQL on both providers; the StringComparison overloads do not.
#pragma warning disable CA1862
                products = products.Where(p => p.Sku.ToLower().Contains(term) || p.Name.ToLower().Contains(term));
#pragma warning restore CA1862
            }
            if (query.Status is { } status)
            {
                products = products.Where(p => p.Status == status);
            }
            if (query.CategoryId is { } categoryId)
            {
                var ids = tree.WithDescendants(categoryId);
                products = products.Where(p => p.CategoryId != null && ids.Contains(p.CategoryId.Value));
            }
            var total = await products.CountAsync(ct);
            var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var rows = await products.OrderBy(p => p.Sku).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            return new Result(rows.Select(p => new Row(p.Sku, p.Name, p.Status, p.Price, tree.Find(p.CategoryId)?.Name, p.Featured, p.UpdatedAt)).ToList(),
                total, page, pageCount);
        }
    }
}
