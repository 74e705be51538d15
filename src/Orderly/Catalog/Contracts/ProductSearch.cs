using Orderly.Hosting;

namespace Orderly.Catalog.Contracts;

/// <summary>How search results are ordered.</summary>
public enum ProductSort
{
    Relevance = 0,
    Newest = 1,
    PriceAscending = 2,
    PriceDescending = 3,
    Name = 4,

    /// <summary>A category's default order: featured first, then on sale, then newest.</summary>
    Featured = 5,
}

/// <summary>
/// One storefront search. <paramref name="Query"/> empty or null lists every published product.
/// Filters: any of <paramref name="Brands"/>, any of <paramref name="Categories"/> (slugs, each
/// including its descendants), price between <paramref name="MinPrice"/> and <paramref name="MaxPrice"/>
/// (minor units, inclusive). <paramref name="Page"/> counts from 1.
/// </summary>
public sealed record ProductSearchRequest(
    string? Query,
    IReadOnlyList<string>? Brands = null,
    IReadOnlyList<string>? Categories = null,
    long? MinPrice = null,
    long? MaxPrice = null,
    ProductSort Sort = ProductSort.Relevance,
    int Page = 1,
    int PageSize = ProductSearchRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 24;
    public const int MaxPageSize = 100;
}

/// <summary>A found product with what a product card shows (read from the index, no database read).</summary>
/// <param name="ImageId">The first image's id (<paramref name="ImageUrl"/> serves it).</param>
public sealed record ProductSearchHit(Guid Id, string Sku, string Name, string? Brand, Money Price, Money? CompareAtPrice, string? ImageUrl, DateTime CreatedAt, Guid? ImageId = null);

/// <summary>A facet value and how many results it would give, the other filters applied.</summary>
public sealed record FacetCount(string Value, string Label, int Count, bool Selected);

/// <summary>A category facet: <paramref name="Depth"/> 0 is a top-level category.</summary>
public sealed record CategoryFacet(string Slug, string Name, int Depth, int Count, bool Selected);

/// <summary>A price band in minor units: <paramref name="Max"/> null is open-ended.</summary>
public sealed record PriceRangeFacet(long Min, long? Max, int Count);

/// <param name="MatchedAnyWord">No product had every word, so these have some of them.</param>
public sealed record ProductSearchResult(
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<ProductSearchHit> Hits,
    IReadOnlyList<FacetCount> Brands,
    IReadOnlyList<CategoryFacet> Categories,
    IReadOnlyList<PriceRangeFacet> PriceRanges,
    bool MatchedAnyWord)
{
    public int PageCount => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>An autocomplete entry.</summary>
public sealed record ProductSuggestion(string Sku, string Name);

/// <summary>
/// Full-text search over published products (an in-memory index each instance keeps current),
/// typo-tolerant, with brand, category and price facets.
/// </summary>
public interface IProductSearch
{
    Task<ProductSearchResult> SearchAsync(ProductSearchRequest request, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> products whose name matches what the shopper typed so far.</summary>
    Task<IReadOnlyList<ProductSuggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken);
}
