using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The storefront's home page: promotions (on sale), featured products, best sellers and new arrivals.</summary>
public static class ListHomeSections
{
    public const int SectionSize = 8;

    public sealed record Sections(IReadOnlyList<ProductSummary> OnSale, IReadOnlyList<ProductSummary> Featured,
        IReadOnlyList<ProductSummary> BestSellers, IReadOnlyList<ProductSummary> NewArrivals);

    /// <summary>
    /// Served from <see cref="HomeSectionsCache"/> when it holds them; the stock states are read
    /// on every request all the same (one query for the page), because they change with each sale.
    /// </summary>
    internal sealed class Handler(ProductSummaries summaries, HomeSectionsCache cache)
    {
        public async Task<Sections> HandleAsync(CancellationToken ct)
        {
            if (cache.Get() is not { } sections)
            {
                var version = cache.Version;
                sections = await LoadAsync(ct);
                cache.Store(sections, version);
            }
            var cards = await summaries.WithCurrentStockAsync([.. sections.OnSale, .. sections.Featured, .. sections.BestSellers, .. sections.NewArrivals], ct);
            var current = cards.DistinctBy(c => c.Id).ToDictionary(c => c.Id);
            return new Sections(Current(sections.OnSale), Current(sections.Featured), Current(sections.BestSellers), Current(sections.NewArrivals));

            List<ProductSummary> Current(IReadOnlyList<ProductSummary> list) => list.Select(c => current[c.Id]).ToList();
        }

        private async Task<Sections> LoadAsync(CancellationToken ct)
        {
            var published = summaries.Published;
            var onSale = await published.Where(p => p.CompareAtPriceAmount != null && p.CompareAtPriceAmount > p.PriceAmount)
                .OrderByDescending(p => p.CompareAtPriceAmount!.Value - p.PriceAmount).ThenBy(p => p.Sku).Take(SectionSize).ToListAsync(ct);
            var featured = await published.Where(p => p.Featured).OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Sku).Take(SectionSize).ToListAsync(ct);
            var newest = await published.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Sku).Take(SectionSize).ToListAsync(ct);
            var bestIds = (await summaries.BestSellerIdsAsync(ct)).ToList();
            var best = bestIds.Count == 0 ? [] : (await published.Where(p => bestIds.Contains(p.Id)).ToListAsync(ct))
                .OrderBy(p => bestIds.IndexOf(p.Id)).Take(SectionSize).ToList();

            // One summary pass over all four lists: images and stock are read once for the page.
            var cards = (await summaries.SummarizeAsync([.. onSale, .. featured, .. best, .. newest], ct))
                .DistinctBy(c => c.Id).ToDictionary(c => c.Id);
            return new Sections(Cards(onSale), Cards(featured), Cards(best), Cards(newest));

            List<ProductSummary> Cards(List<Product> products) => products.Select(p => cards[p.Id]).ToList();
        }
    }
}

/// <summary>
/// The home page's four lists, kept for <c>Catalog:HomeSectionsCacheTtl</c> (default 30 s): they
/// are four ordered scans of the catalog, and they change only when products do. Every catalog
/// write on this instance (<c>ICatalogChanges</c>) and every change the search index picks up from
/// other instances drops them, so a change shows on the next home page here and within the index's
/// refresh interval elsewhere. A load that overlapped a change is not kept (the version moved).
/// </summary>
internal sealed class HomeSectionsCache(TimeProvider time, Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
{
    private sealed record Entry(ListHomeSections.Sections Sections, long Version, DateTimeOffset Until);

    private long _version;
    private volatile Entry? _entry;

    /// <summary>Read before loading and passed to <see cref="Store"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    public ListHomeSections.Sections? Get() =>
        _entry is { } entry && entry.Version == Version && time.GetUtcNow() < entry.Until ? entry.Sections : null;

    public void Store(ListHomeSections.Sections sections, long versionAtLoad)
    {
        if (options.Value.HomeSectionsCacheTtl > TimeSpan.Zero && versionAtLoad == Version)
        {
            _entry = new Entry(sections, versionAtLoad, time.GetUtcNow() + options.Value.HomeSectionsCacheTtl);
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _entry = null;
    }
}
