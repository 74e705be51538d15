using Orderly.Catalog.Contracts;
using Orderly.Catalog.Search;

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

    /// <summary>
    /// Answered from the search index (it holds every published product with its category path,
    /// brand, price and dates, and filters, counts and sorts in one pass), so a category page reads
    /// no product rows; only the stock states come from Inventory, per page, so they are current.
    /// The index follows this instance's catalog writes at once and other instances' within
    /// <c>Catalog:Search:RefreshInterval</c>.
    /// </summary>
    internal sealed class Handler(ProductIndex index, ProductSummaries summaries)
    {
        /// <summary>Null when no category has that slug.</summary>
        public async Task<Result?> HandleAsync(Query query, CancellationToken ct)
        {
            var tree = index.Categories;
            if (tree.FindBySlug(query.Slug) is not { } category)
            {
                return null;
            }
            var sort = Sorts.Any(s => s.Value == query.Sort) ? query.Sort! : "relevance";
            var request = new ProductSearchRequest(null,
                string.IsNullOrWhiteSpace(query.Brand) ? null : [query.Brand], [category.Slug], query.MinPrice, query.MaxPrice, SortOf(sort), Math.Max(1, query.Page), PageSize);
            var found = index.Search(request);
            var pageCount = Math.Max(1, found.PageCount);
            if (found.Page > pageCount)
            {
                found = index.Search(request with { Page = pageCount }); // past the end: the last page, as the pager would link it
            }
            return new Result(category, tree.PathOf(category.Id), tree.ChildrenOf(category.Id), found.Brands.Select(b => b.Value).ToList(),
                await summaries.SummarizeAsync(found.Hits, ct), found.Total, found.Page, pageCount, sort);
        }

        private static ProductSort SortOf(string sort) => sort switch
        {
            "newest" => ProductSort.Newest,
            "price-asc" => ProductSort.PriceAscending,
            "price-desc" => ProductSort.PriceDescending,
            "name" => ProductSort.Name,
            _ => ProductSort.Featured,
        };
    }
}
