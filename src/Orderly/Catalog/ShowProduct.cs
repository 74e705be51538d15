using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The product page of the storefront: everything about one published product, its variants and what others bought with it.</summary>
public static class ShowProduct
{
    public sealed record Image(Guid Id, string? Alt);

    /// <summary>One product of the same variant group; <paramref name="Current"/> marks the shown one.</summary>
    public sealed record Variant(string Sku, string Label, Money Price, bool Current);

    public sealed record Details(ProductSummary Summary, ProductKind Kind, DeliveryKind Delivery, IReadOnlyList<string> Paragraphs,
        IReadOnlyList<Image> Images, IReadOnlyList<KeyValuePair<string, string>> Attributes, IReadOnlyList<Variant> Variants,
        IReadOnlyList<CategoryInfo> Breadcrumb, IReadOnlyList<ProductSummary> AlsoBought);

    internal sealed class Handler(OrderlyDbContext db, ProductSummaries summaries, IAlsoBought alsoBought)
    {
        private const int AlsoBoughtCount = 4;

        /// <summary>Null when no published product has that SKU (drafts are not shown).</summary>
        public async Task<Details?> HandleAsync(string sku, CancellationToken ct)
        {
            var product = await summaries.Published.FirstOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
            {
                return null;
            }
            var images = await db.Set<ProductImage>().AsNoTracking().Where(i => i.ProductId == product.Id)
                .OrderBy(i => i.Position).Select(i => new Image(i.Id, i.Alt)).ToListAsync(ct);
            var attributes = await db.Set<ProductAttribute>().AsNoTracking().Where(a => a.ProductId == product.Id)
                .OrderBy(a => a.Position).Select(a => new { a.Name, a.Value }).ToListAsync(ct);
            var variants = product.VariantGroup is null ? [] : await summaries.Published
                .Where(p => p.VariantGroup == product.VariantGroup)
                .OrderBy(p => p.PriceAmount).ThenBy(p => p.Sku)
                .Select(p => new { p.Sku, p.Name, p.VariantLabel, p.PriceAmount, p.Currency })
                .ToListAsync(ct);
            var tree = await CategoryTree.LoadAsync(db, ct);

            var related = (await alsoBought.ForAsync(product.Id, AlsoBoughtCount * 2, ct)).Select(s => s.ProductId).ToList();
            var relatedProducts = related.Count == 0 ? [] : await summaries.Published.Where(p => related.Contains(p.Id)).ToListAsync(ct);
            var cards = await summaries.SummarizeAsync([product, .. relatedProducts.OrderBy(p => related.IndexOf(p.Id)).Take(AlsoBoughtCount)], ct);

            return new Details(cards[0], product.Kind, product.Delivery, Paragraphs(product.Description), images,
                attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)).ToList(),
                variants.Count < 2 ? [] : variants.Select(v => new Variant(v.Sku, v.VariantLabel ?? v.Name, new Money(v.PriceAmount, v.Currency), v.Sku == product.Sku)).ToList(),
                tree.Breadcrumb(product.CategoryId), cards.Skip(1).ToList());
        }

        /// <summary>Descriptions are plain text; blank lines separate paragraphs.</summary>
        public static IReadOnlyList<string> Paragraphs(string? text) =>
            string.IsNullOrWhiteSpace(text) ? [] : text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
