using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The storefront's home page: promotions (on sale), featured products, best sellers and new arrivals.</summary>
public static class ListHomeSections
{
    public const int SectionSize = 8;

    public sealed record Sections(IReadOnlyList<ProductSummary> OnSale, IReadOnlyList<ProductSummary> Featured,
        IReadOnlyList<ProductSummary> BestSellers, IReadOnlyList<ProductSummary> NewArrivals);

    internal sealed class Handler(ProductSummaries summaries)
    {
        public async Task<Sections> HandleAsync(CancellationToken ct)
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
