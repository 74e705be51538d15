using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The labels of a product card.</summary>
[Flags]
public enum ProductBadges
{
    None = 0,

    /// <summary>Created within <c>Catalog:NewBadgeDays</c>.</summary>
    New = 1,

    /// <summary>Has a compare-at ("was") price above its price.</summary>
    Sale = 2,

    /// <summary>Among the top sellers of the last <c>Catalog:BestSellerDays</c>.</summary>
    BestSeller = 4,
}

/// <summary>A product as a storefront grid shows it.</summary>
/// <param name="ImageId">The first image (served at /media/products/{id}), or null.</param>
public sealed record ProductSummary(Guid Id, string Sku, string Name, string? Brand, Money Price, Money? CompareAtPrice,
    Guid? ImageId, StockState Stock, ProductBadges Badges);

/// <summary>
/// Turns products into <see cref="ProductSummary"/> cards with a fixed number of queries per list
/// (images, stock states and the cached best-seller ranking are read once for the whole list).
/// </summary>
internal sealed class ProductSummaries(OrderlyDbContext db, IStockStates stock, IBestSellers bestSellers, IMemoryCache cache,
    IOptions<CatalogOptions> options, TimeProvider time)
{
    /// <summary>How many products the best-seller ranking (and the badge) covers.</summary>
    public const int BestSellerCount = 12;

    private const string BestSellerCacheKey = "catalog.best-sellers";

    /// <summary>What shoppers may see: published products only.</summary>
    public IQueryable<Product> Published => db.Set<Product>().AsNoTracking().Where(p => p.Status == ProductStatus.Published);

    /// <summary>
    /// The current best sellers, best first. Cached briefly: the ranking moves with orders, not with
    /// page views, and every grid needs it for its badges.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> BestSellerIdsAsync(CancellationToken ct)
    {
        if (cache.TryGetValue(BestSellerCacheKey, out IReadOnlyList<Guid>? ids) && ids is not null)
        {
            return ids;
        }
        ids = (await bestSellers.TopAsync(options.Value.BestSellerDays, BestSellerCount, ct)).Select(s => s.ProductId).ToList();
        cache.Set(BestSellerCacheKey, ids, options.Value.BestSellerCacheTtl);
        return ids;
    }

    public async Task<IReadOnlyList<ProductSummary>> SummarizeAsync(IReadOnlyList<Product> products, CancellationToken ct)
    {
        if (products.Count == 0)
        {
            return [];
        }
        var ids = products.Select(p => p.Id).Distinct().ToList();
        var images = await FirstImagesAsync(ids, ct);
        var states = await stock.GetStatesAsync(ids, ct);
        var best = (await BestSellerIdsAsync(ct)).ToHashSet();
        var newSince = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.NewBadgeDays);
        return products.Select(p => new ProductSummary(p.Id, p.Sku, p.Name, p.Brand, p.Price, CompareAt(p),
            images.TryGetValue(p.Id, out var image) ? image : null,
            states.TryGetValue(p.Id, out var state) ? state : StockState.OutOfStock,
            BadgesOf(p, newSince, best.Contains(p.Id)))).ToList();
    }

    /// <summary>
    /// Cards for search-index hits: the index already holds what a card shows, so only the stock
    /// states are read (they change with every sale and must be current).
    /// </summary>
    public async Task<IReadOnlyList<ProductSummary>> SummarizeAsync(IReadOnlyList<ProductSearchHit> hits, CancellationToken ct)
    {
        if (hits.Count == 0)
        {
            return [];
        }
        var states = await stock.GetStatesAsync(hits.Select(h => h.Id).Distinct().ToList(), ct);
        var best = (await BestSellerIdsAsync(ct)).ToHashSet();
        var newSince = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.NewBadgeDays);
        return hits.Select(h =>
        {
            var compareAt = h.CompareAtPrice is { } was && was.Amount > h.Price.Amount ? was : (Money?)null;
            return new ProductSummary(h.Id, h.Sku, h.Name, h.Brand, h.Price, compareAt, h.ImageId,
                states.TryGetValue(h.Id, out var state) ? state : StockState.OutOfStock,
                Badges(h.CreatedAt, compareAt is not null, newSince, best.Contains(h.Id)));
        }).ToList();
    }

    /// <summary>The same cards with the stock states read now (for cards kept in a cache).</summary>
    public async Task<IReadOnlyList<ProductSummary>> WithCurrentStockAsync(IReadOnlyList<ProductSummary> cards, CancellationToken ct)
    {
        if (cards.Count == 0)
        {
            return cards;
        }
        var states = await stock.GetStatesAsync(cards.Select(c => c.Id).Distinct().ToList(), ct);
        return cards.Select(c => c with { Stock = states.TryGetValue(c.Id, out var state) ? state : StockState.OutOfStock }).ToList();
    }

    /// <summary>The compare-at price, only when it really is above the price.</summary>
    public static Money? CompareAt(Product p) =>
        p.CompareAtPriceAmount is { } was && was > p.PriceAmount ? new Money(was, p.Currency) : null;

    public static ProductBadges BadgesOf(Product p, DateTime newSince, bool bestSeller) =>
        Badges(p.CreatedAt, CompareAt(p) is not null, newSince, bestSeller);

    private static ProductBadges Badges(DateTime createdAt, bool onSale, DateTime newSince, bool bestSeller) =>
        (createdAt >= newSince ? ProductBadges.New : ProductBadges.None)
        | (onSale ? ProductBadges.Sale : ProductBadges.None)
        | (bestSeller ? ProductBadges.BestSeller : ProductBadges.None);

    private async Task<Dictionary<Guid, Guid>> FirstImagesAsync(List<Guid> productIds, CancellationToken ct)
    {
        var rows = await db.Set<ProductImage>().AsNoTracking()
            .Where(i => productIds.Contains(i.ProductId))
            .Select(i => new { i.Id, i.ProductId, i.Position })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Position).First().Id);
    }
}

/// <summary>The category tree, read whole (a store has tens of categories, not thousands).</summary>
internal sealed class CategoryTree
{
    private readonly Dictionary<Guid, CategoryInfo> _byId;
    private readonly ILookup<Guid?, CategoryInfo> _children;

    private CategoryTree(IReadOnlyList<CategoryInfo> all)
    {
        All = all;
        _byId = all.ToDictionary(c => c.Id);
        _children = all.OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToLookup(c => c.ParentId);
    }

    public IReadOnlyList<CategoryInfo> All { get; }

    public static async Task<CategoryTree> LoadAsync(OrderlyDbContext db, CancellationToken ct) =>
        new((await db.Set<Category>().AsNoTracking().ToListAsync(ct)).Select(c => c.ToInfo()).ToList());

    public CategoryInfo? Find(Guid? id) => id is { } value && _byId.TryGetValue(value, out var c) ? c : null;

    public CategoryInfo? FindBySlug(string slug) => All.FirstOrDefault(c => string.Equals(c.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<CategoryInfo> ChildrenOf(Guid? parentId) => _children[parentId].ToList();

    /// <summary>From the top category down to <paramref name="id"/> (guards against a cycle in bad data).</summary>
    public IReadOnlyList<CategoryInfo> Breadcrumb(Guid? id)
    {
        var path = new List<CategoryInfo>();
        for (var c = Find(id); c is not null && path.Count < _byId.Count && !path.Contains(c); c = Find(c.ParentId))
        {
            path.Insert(0, c);
        }
        return path;
    }

    /// <summary>The category and every category below it: a category lists its descendants' products too.</summary>
    public IReadOnlyList<Guid> WithDescendants(Guid id)
    {
        var result = new List<Guid>();
        var queue = new Queue<Guid>([id]);
        while (queue.TryDequeue(out var next))
        {
            if (result.Contains(next))
            {
                continue;
            }
            result.Add(next);
            foreach (var child in _children[next])
            {
                queue.Enqueue(child.Id);
            }
        }
        return result;
    }

    /// <summary>True when making <paramref name="parentId"/> the parent of <paramref name="id"/> would close a loop.</summary>
    public bool WouldCycle(Guid id, Guid? parentId) => parentId is { } p && WithDescendants(id).Contains(p);

    /// <summary>Depth-first order with each category's depth (for indented lists and select boxes).</summary>
    public IReadOnlyList<(CategoryInfo Category, int Depth)> Flatten()
    {
        var result = new List<(CategoryInfo, int)>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var c in _children[parent])
            {
                result.Add((c, depth));
                Walk(c.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return result;
    }
}
