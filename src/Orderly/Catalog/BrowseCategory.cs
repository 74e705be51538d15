using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>A category page of the storefront: its published products and those of its subcategories, filtered, sorted and paged.</summary>
public static class BrowseCategory
{
    public const int PageSize = 24;

    /// <summary>The sort orders a shopper can pick (their query-string names).</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
    [
        ("relevance", "Featured"),
        ("newest", "Newest"),
        ("price-asc", "Price: low to high"),
        ("price-desc", "Price: high to low"),
        ("name", "Name"),
    ];

    /// <param name="MinPrice">Lowest price in minor units, inclusive.</param>
    /// <param name="MaxPrice">Highest price in minor units, inclusive.</param>
    public sealed record Query(string Slug, string? Brand = null, long? MinPrice = null, long? MaxPrice = null, string? Sort = null, int Page = 1);

    public sealed record Result(CategoryInfo Category, IReadOnlyList<CategoryInfo> Breadcrumb, IReadOnlyList<CategoryInfo> Subcategories,
        IReadOnlyList<string> Brands, IReadOnlyList<ProductSummary> Products, int Total, int Page, int PageCount, string Sort);

    internal sealed class Handler(OrderlyDbContext db, ProductSummaries summaries)
    {
        /// <summary>Null when no category has that slug.</summary>
        public async Task<Result?> HandleAsync(Query query, CancellationToken ct)
        {
            var tree = await CategoryTree.LoadAsync(db, ct);
            if (tree.FindBySlug(query.Slug) is not { } category)
            {
                return null;
            }
            var ids = tree.WithDescendants(category.Id);
            var inCategory = summaries.Published.Where(p => p.CategoryId != null && ids.Contains(p.CategoryId.Value));
            var brands = await inCategory.Where(p => p.Brand != null).Select(p => p.Brand!).Distinct().OrderBy(b => b).ToListAsync(ct);

            var filtered = inCategory;
            if (!string.IsNullOrWhiteSpace(query.Brand))
            {
                filtered = filtered.Where(p => p.Brand == query.Brand);
            }
            if (query.MinPrice is { } min)
            {
                filtered = filtered.Where(p => p.PriceAmount >= min);
            }
            if (query.MaxPrice is { } max)
            {
                filtered = filtered.Where(p => p.PriceAmount <= max);
            }
            var sort = Sorts.Any(s => s.Value == query.Sort) ? query.Sort! : "relevance";
            var total = await filtered.CountAsync(ct);
            var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var products = await Sorted(filtered, sort).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            return new Result(category, tree.Breadcrumb(category.Id), tree.ChildrenOf(category.Id), brands,
                await summaries.SummarizeAsync(products, ct), total, page, pageCount, sort);
        }

        // Every order ends on the SKU so pages never repeat or skip a product.
        private static IQueryable<Product> Sorted(IQueryable<Product> products, string sort) => sort switch
        {
            "newest" => products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Sku),
            "price-asc" => products.OrderBy(p => p.PriceAmount).ThenBy(p => p.Sku),
            "price-desc" => products.OrderByDescending(p => p.PriceAmount).ThenBy(p => p.Sku),
            "name" => products.OrderBy(p => p.Name).ThenBy(p => p.Sku),
            _ => products.OrderByDescending(p => p.Featured).ThenByDescending(p => p.CompareAtPriceAmount != null).ThenByDescending(p => p.CreatedAt).ThenBy(p => p.Sku),
        };
    }
}
