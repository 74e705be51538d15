using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog.Search;

/// <summary>Reads products for the search index: all of them, or those changed since a moment plus some by id.</summary>
internal sealed class LoadIndexedProducts(OrderlyDbContext db)
{
    public sealed record Batch(CategoryTree Categories, IReadOnlyList<IndexedProduct> Published, IReadOnlyList<(Guid Id, DateTime UpdatedAt)> Hidden);

    public async Task<CategoryTree> CategoriesAsync(CancellationToken ct) =>
        new((await db.Set<Category>().AsNoTracking().ToListAsync(ct)).Select(c => c.ToInfo()));

    /// <param name="since">Only products updated after this (null: every product).</param>
    /// <param name="ids">These products whatever their <c>UpdatedAt</c> (the in-process change signal).</param>
    public async Task<Batch> HandleAsync(CategoryTree categories, DateTime? since, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var query = db.Set<Product>().AsNoTracking();
        if (since is { } after)
        {
            query = ids.Count == 0 ? query.Where(p => p.UpdatedAt > after) : query.Where(p => p.UpdatedAt > after || ids.Contains(p.Id));
        }
        var products = await query.ToListAsync(ct);
        var published = products.Where(p => p.Status == ProductStatus.Published).ToList();
        var hidden = products.Where(p => p.Status != ProductStatus.Published).Select(p => (p.Id, p.UpdatedAt)).ToList();
        if (published.Count == 0)
        {
            return new Batch(categories, [], hidden);
        }

        // A full build reads the side tables whole; a change reads only its products' rows.
        var publishedIds = published.Select(p => p.Id).ToList();
        var attributes = db.Set<ProductAttribute>().AsNoTracking();
        var images = db.Set<ProductImage>().AsNoTracking();
        if (since is not null)
        {
            attributes = attributes.Where(a => publishedIds.Contains(a.ProductId));
            images = images.Where(i => publishedIds.Contains(i.ProductId));
        }
        var attributesOf = (await attributes.ToListAsync(ct)).OrderBy(a => a.Position).ToLookup(a => a.ProductId);
        var firstImage = (await images.Select(i => new { i.Id, i.ProductId, i.Position }).ToListAsync(ct))
            .GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => g.MinBy(i => i.Position)!.Id);

        return new Batch(categories, published.Select(p =>
        {
            var path = categories.PathOf(p.CategoryId);
            return new IndexedProduct(
                p.Id, p.Sku, p.Name, p.Description, string.IsNullOrWhiteSpace(p.Brand) ? null : p.Brand.Trim(),
                path.Select(c => c.Id).ToList(), path.Select(c => c.Name).ToList(),
                attributesOf[p.Id].Select(a => KeyValuePair.Create(a.Name, a.Value)).ToList(),
                p.PriceAmount, p.Currency, p.CompareAtPriceAmount,
                firstImage.TryGetValue(p.Id, out var image) ? ImageUrl(image) : null,
                DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc),
                p.Featured, firstImage.TryGetValue(p.Id, out var imageId) ? imageId : null);
        }).ToList(), hidden);
    }

    /// <summary>Where the storefront serves a product image (the Catalog media endpoint).</summary>
    public static string ImageUrl(Guid imageId) => $"/media/products/{imageId}";
}
